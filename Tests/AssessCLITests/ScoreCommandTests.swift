import Foundation
import Testing

@Suite("assess score and assess simulate")
struct ScoreCommandTests {
    @Test func simulateIsReproducible() throws {
        let a = try assess(["simulate", "hlm-360", "--subjects", "5", "--seed", "9"])
        let b = try assess(["simulate", "hlm-360", "--subjects", "5", "--seed", "9"])
        let c = try assess(["simulate", "hlm-360", "--subjects", "5", "--seed", "10"])
        #expect(a.status == 0 && a.stdout == b.stdout && a.stdout != c.stdout)
        #expect(a.stdout.hasPrefix("respondent,subject,rater,isp_1,"))
        let raters = Set(a.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] })
        #expect(raters.isSubset(of: ["self", "manager", "peer", "direct_report", "other"]) && raters.contains("self"))
    }

    @Test func scoresTheExampleDataDeterministically() throws {
        let folder = try temporaryFolder()
        let out = folder.appendingPathComponent("scores.json").path
        let first = try assess(["score", "hlm-self", "Examples/data/hlm-self.csv", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.isEmpty)
        #expect(first.stderr == "scored 40 subject(s) from 40 response(s); 0 row(s) rejected\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        _ = try assess(["score", "hlm-self", "Examples/data/hlm-self.csv", "--out", out])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == bytes, "same inputs, same bytes")
        let csv = try assess(["score", "hlm-self", "Examples/data/hlm-self.csv", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("subject,dimension,score,band,answered,reason,flags,instrument,instrument_version,scorer,scorer_version\n"))
        #expect(csv.stdout.split(separator: "\n").count == 1 + 40 * 10)
    }

    @Test func invalidRowsFailWithLocatedMessagesAndWriteNothing() throws {
        let folder = try temporaryFolder()
        try "respondent,subject,rater,isp_1\nr1,s1,self,9\nr2,s2,self,Often\n".write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let result = try assess(["score", "hlm-self", "in.csv", "--out", "scores.json"], in: folder)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("in.csv:2:4: value '9' is not on the scale of item 'isp_1'"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("scores.json").path))
    }

    @Test func skipWritesTheRejectsVerbatim() throws {
        let folder = try temporaryFolder()
        try "respondent,subject,rater,isp_1\nr1,s1,self,9\nr2,s2,self,Often\n".write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let result = try assess(["score", "hlm-self", "in.csv", "--out", "scores.json", "--on-invalid", "skip"], in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.hasSuffix("scored 1 subject(s) from 1 response(s); 1 row(s) rejected\n"))
        let rejects = try String(contentsOf: folder.appendingPathComponent("scores.rejects.csv"), encoding: .utf8)
        #expect(rejects == "file,row,column,reason,row_text\nin.csv,2,4,\"value '9' is not on the scale of item 'isp_1' (expected one of: 1 Rarely, 2 Sometimes, 3 Often, 4 Almost always)\",\"r1,s1,self,9\"\n")
    }

    @Test func unknownScorerIsReported() throws {
        let result = try assess(["score", "hlm-360", "Examples/data/hlm-360.csv", "--scorer", "no-such"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no-such: no such scorer plugin"))
    }
}

@Suite("assess score --cohort")
struct CohortCommandTests {
    @Test func writesACohortSummaryThatHidesSmallSets() throws {
        let folder = try temporaryFolder()
        let result = try assess(["score", "hlm-360", "Examples/data/hlm-360.csv", "--out", folder.appendingPathComponent("s.json").path,
                                 "--cohort", folder.appendingPathComponent("c.json").path])
        #expect(result.status == 0, "\(result.stderr)")
        let cohort = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("c.json"))) as! [String: Any]
        #expect(cohort["subjects"] as? Int == 40)
        let dimensions = cohort["dimensions"] as! [[String: Any]]
        #expect(dimensions.count == 10)
        #expect(dimensions.last?["id"] as? String == "overall")
        for band in dimensions.flatMap({ ($0["bands"] as? [[String: Any]]) ?? [] }) {
            if let count = band["count"] as? Int { #expect(count >= 3) } else { #expect(band["count_note"] as? String == "fewer than 3") }
        }
        #expect((cohort["percentiles"] as! [Any]).count == 40)
    }
}
