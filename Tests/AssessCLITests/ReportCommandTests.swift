import Foundation
import Testing

@Suite("assess report")
struct ReportCommandTests {
    /// Every bundled instrument, with the reporters it lists, on its bundled example data.
    static let instruments = ["hlm-360", "hlm-self", "board-competency-self", "leadership-framework-self",
                              "dpic-capability", "compassionate-leadership-pulse"]

    @Test("every bundled reporter an instrument lists renders the instrument's example data", arguments: instruments)
    func rendersExampleData(instrument: String) throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try assess(["report", instrument, "Examples/data/\(instrument).csv", "--out", out.path, "--date", "2026-12-01"])
        #expect(result.status == 0, "\(result.stderr)")
        let written = result.stdout.split(separator: "\n").map(String.init)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written.count == files.count && !files.isEmpty)
        #expect(files.contains("\(instrument)-scores.csv") && files.contains("\(instrument)-scores.json"))
        #expect(files.filter { $0.hasSuffix(".html") }.count >= 8, "one HTML report per person: \(files.count) files")
        for name in files {
            let size = (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            #expect(size > 200, "\(name) is nearly empty")
        }
        #expect(result.stderr.contains("wrote \(files.count) file(s)"))
    }

    @Test("a cohort report of the 360 example cohort, and the same bytes from saved scores")
    func cohortAndSavedScores() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let scores = work.appendingPathComponent("scores.json").path
        #expect(try assess(["score", "hlm-360", "Examples/data/hlm-360.csv", "--out", scores]).status == 0)
        let fromResponses = try assess(["report", "hlm-360", "Examples/data/hlm-360.csv", "--reporter", "cohort-html", "--reporter", "feedback-markdown",
                                        "--subject", "S00003", "--out", work.appendingPathComponent("a").path, "--date", "2026-12-01"])
        let fromScores = try assess(["report", "hlm-360", "--scores", scores, "--reporter", "cohort-html", "--reporter", "feedback-markdown",
                                     "--subject", "S00003", "--out", work.appendingPathComponent("b").path, "--date", "2026-12-01"])
        #expect(fromResponses.status == 0 && fromScores.status == 0, "\(fromResponses.stderr)\(fromScores.stderr)")
        for name in ["hlm-360-cohort.html", "S00003-feedback.md"] {
            let a = FileManager.default.contents(atPath: work.appendingPathComponent("a/\(name)").path)
            let b = FileManager.default.contents(atPath: work.appendingPathComponent("b/\(name)").path)
            #expect(a != nil && a == b, "\(name) differs between responses and saved scores")
        }
    }

    @Test("a failing reporter writes nothing and says why, with the subject")
    func failureWritesNothing() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let plugin = work.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: plugin, withIntermediateDirectories: true)
        try """
            return assess.reporter { api = 1, id = "bad", version = "1.0.0", formats = { "html" },
              render = function(result, instrument, ctx)
                ctx.write(ctx.file_name(result.subject, "html"), "ok")
                if result.subject == "S00002" then error("cannot draw this one") end
              end }
            """.write(to: plugin.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        let out = work.appendingPathComponent("out")
        let result = try assess(["report", "hlm-self", "Examples/data/hlm-self.csv", "--reporter", plugin.path, "--out", out.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("init.lua:4: while rendering subject S00002: cannot draw this one"), "\(result.stderr)")
        #expect(result.stderr.contains("nothing was written"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)
    }

    @Test("usage mistakes are refused before any work", arguments: [
        (["report", "hlm-self"], "give response files to score, or --scores FILE"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--date", "2026-13-01"], "--date must be YYYY-MM-DD"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--locale", "fr-FR"], "--locale must be one of"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--option", "novalue"], "--option takes KEY=VALUE"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--reporter", "no-such-reporter"], "no such reporter 'no-such-reporter'"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--reporter", "feedback-html"], "is for 360 instruments"),
        (["report", "hlm-self", "Examples/data/hlm-self.csv", "--reporter", "scores-csv", "--reporter", "scores-csv"],
         "reporters 'scores-csv' and 'scores-csv' both write 'hlm-self-scores.csv'"),
    ])
    func usage(arguments: [String], expected: String) throws {
        let result = try assess(arguments + ["--out", FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString)").path])
        #expect(result.status == 64 || result.status == 65)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }
}

@Suite("Examples/embed-in-swift")
struct EmbedExampleTests {
    @Test("the embedding example scores the example cohort and writes one report")
    func embeddingExampleRuns() throws {
        let executable = assessExecutable.deletingLastPathComponent().appendingPathComponent("embed-in-swift")
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let process = Process()
        process.executableURL = executable
        process.arguments = [packageRoot.appendingPathComponent("Examples/data/hlm-360.csv").path, "S00004"]
        process.currentDirectoryURL = work
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("scored 40 people from 535 responses"), "\(text)")
        let report = try String(contentsOf: work.appendingPathComponent("reports/S00004-feedback.md"), encoding: .utf8)
        #expect(report.contains("Feedback report for **S00004**"))
    }
}

@Suite("Plugins an instrument names")
struct InstrumentPluginPathTests {
    @Test("a scorer and a reporter named by path are found beside the instrument, from any folder; a plugin's print goes to stderr")
    func pathsFromTheInstrumentsFolder() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = work.appendingPathComponent("ours")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("report"), withIntermediateDirectories: true)
        try """
            return assess.instrument {
              api = 1, id = "ours", version = "1.0.0", title = "Ours", kind = "self", scale = "agreement5",
              dimensions = { { id = "d", title = "D", items = { { id = "q1", text = "One" }, { id = "q2", text = "Two" } } } },
              scoring = { plugin = "count.lua" },
              reports = { "./report" },
            }
            """.write(to: folder.appendingPathComponent("instrument.lua"), atomically: true, encoding: .utf8)
        try """
            return assess.scorer { api = 1, id = "count", version = "1.0.0",
              score = function(subject, instrument)
                print("scoring " .. subject.id)
                return { dimensions = { { id = "d", score = subject.count, answered = subject.count } } }
              end }
            """.write(to: folder.appendingPathComponent("count.lua"), atomically: true, encoding: .utf8)
        try """
            return assess.reporter { api = 1, id = "line", version = "1.0.0", formats = { "txt" },
              render = function(result, instrument, ctx)
                ctx.write(ctx.file_name(result.subject, "txt"), result.subject .. " " .. result.dimensions[1].score .. "\\n")
              end }
            """.write(to: folder.appendingPathComponent("report/init.lua"), atomically: true, encoding: .utf8)
        try "respondent,subject,rater,q1,q2\nr1,alex,self,4,5\n".write(to: work.appendingPathComponent("responses.csv"), atomically: true, encoding: .utf8)
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let result = try assess(["report", "../ours", "../responses.csv", "--out", "out"], in: elsewhere)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("count.lua: scoring alex"), "\(result.stderr)")
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("out/alex.txt"), encoding: .utf8) == "alex 1\n")
        let scored = try assess(["score", "../ours", "../responses.csv", "--format", "csv"], in: elsewhere)
        #expect(scored.status == 0 && scored.stdout.contains("alex,d,1.0000"), "\(scored.stderr)")
    }
}

@Suite("assess list --plugins")
struct ListPluginsTests {
    @Test("lists every bundled scorer, cohort plugin and reporter with what it writes")
    func listsPlugins() throws {
        let result = try assess(["list", "--plugins"])
        #expect(result.status == 0, "\(result.stderr)")
        for id in ["scale-scores", "rater-groups", "sjt", "cohort", "feedback-html", "feedback-markdown", "self-assessment-html",
                   "self-assessment-markdown", "cohort-html", "scores-csv", "scores-json"] {
            #expect(result.stdout.contains("\n\(id) "), "\(id) is missing from:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("reporter (cohort)  csv"))
        let json = try assess(["list", "--plugins", "--json"])
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]]
        #expect(rows?.count == 11)
        #expect(rows?.first { $0["id"] == "feedback-html" }?["formats"] == "html")
    }
}

@Suite("assess report: where it writes, and which scores it reads")
struct ReportInputOutputTests {
    @Test("an output folder that cannot be made is a located error, before any rendering")
    func unwritableFolder() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let blocker = work.appendingPathComponent("taken")
        try "a file, not a folder".write(to: blocker, atomically: true, encoding: .utf8)
        let result = try assess(["report", "hlm-self", "Instruments/hlm-self/tests/minimum-answered/responses.csv",
                                 "--reporter", "scores-csv", "--out", blocker.appendingPathComponent("reports").path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("cannot write into this folder: Not a directory"), "\(result.stderr)")
    }

    @Test("scores saved with another version of the instrument are rendered with a warning")
    func otherInstrumentVersion() throws {
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let scores = work.appendingPathComponent("scores.json")
        #expect(try assess(["score", "hlm-self", "Instruments/hlm-self/tests/minimum-answered/responses.csv", "--out", scores.path]).status == 0)
        var text = try String(contentsOf: scores, encoding: .utf8)
        let hash = try #require(text.range(of: #""instrumentHash" : "sha256:[0-9a-f]+""#, options: .regularExpression))
        text.replaceSubrange(hash, with: #""instrumentHash" : "sha256:0000""#)
        try text.write(to: scores, atomically: true, encoding: .utf8)
        let result = try assess(["report", "hlm-self", "--scores", scores.path, "--reporter", "scores-csv", "--out", work.appendingPathComponent("out").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: these scores were made with another version of hlm-self"), "\(result.stderr)")
    }
}
