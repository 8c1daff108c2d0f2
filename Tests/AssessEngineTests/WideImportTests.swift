@testable import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import Testing

/// The wide reader's one-pass path for plain rows against the careful path, the subject runs the
/// scoring job hands on, and the input hash made on another thread.
@Suite("Wide rows, read fast and carefully")
struct WideImportTests {
    /// Rows of every kind the fast path must either read exactly as the careful path does or leave
    /// to it: a byte order mark, CRLF, LF and CR line breaks, quoted cells (one over two lines),
    /// blank cells and lines, codes, labels and spaces, bad cells, a short row, a stray quote and a
    /// last row without a line break.
    static let corpus = "\u{FEFF}respondent,subject,rater,isp_1,isp_2,isp_3,rank_q,pick,strengths\r\n"
        + "r1,s1,peer,3,4,5,b;a;c,x,Good\r\n"                   // row 2
        + "r2,s1,self,,1,N,,,\r\n"                              // row 3
        + "r3,s1,peer,NA,NO, 2 ,,,\n"                           // row 4
        + "r4,s1,peer,\"4\",,,,,\"She said \"\"hi\"\"\r\nbye\"\r\n"  // rows 5-6
        + "r5,s1,peer,9,,,,,\n"                                 // row 7
        + "\r\n"                                                // line 8, blank
        + "r6,s1,manager,1,2\n"                                 // row 9
        + "r7, s1 ,Peers,Always,x,,,,\n"                        // row 10
        + "r8, s1 ,Peers,Always,,,,,\n"                         // row 11
        + "r9,s2,peer,1,\"\",,,,\r"                             // row 12
        + "r10,s2,peer,2\"x,,,,,\n"                             // row 13
        + "r11,s2,peer,4,3,SA,,,last"                           // row 14

    /// Every event of `url`, read `chunk` bytes at a time, the fast way or not, through
    /// ``ResponseReader/next()`` or ``ResponseReader/read(appendingTo:)``.
    static func events(_ url: URL, chunk: Int, fast: Bool, appending: Bool,
                       instrument: Instrument = ImportTests.instrument()) throws -> [ResponseEvent] {
        let reader = try ResponseReader(url: url, displayName: url.lastPathComponent, format: nil, instrument: instrument,
                                        layout: ResponseLayout(instrument), chunk: chunk)
        reader.readsPlainRowsFast = fast
        var events: [ResponseEvent] = []
        if appending {
            var records: [ResponseRecord] = []
            reading: while true {
                switch try reader.read(appendingTo: &records) {
                case .record: events.append(.record(records.removeLast()))
                case .rejected(let row): events.append(.rejected(row))
                case .end: break reading
                }
            }
        } else {
            while let event = try reader.next() { events.append(event) }
        }
        #expect(reader.bytesRead == reader.totalBytes)
        #expect(reader.rowsRead == events.count)
        return events
    }

    @Test func bothPathsReadTheCorpusTheSame() throws {
        let url = try ImportTests.write("c.csv", Self.corpus)
        defer { ImportTests.remove(url) }
        let careful = try Self.events(url, chunk: 1 << 20, fast: false, appending: false)
        let scale = ImportTests.scaleList
        let expected: [ResponseEvent] = [
            .record(ResponseRecord(respondent: "r1", subject: "s1", rater: "peer",
                                   answers: [.value(3), .value(4), .value(5), .options(["b", "a", "c"]), .options(["x"]), .text("Good")],
                                   file: "c.csv", row: 2)),
            .record(ResponseRecord(respondent: "r2", subject: "s1", rater: "self",
                                   answers: [.missing, .value(1), .value(3), .missing, .missing, .missing], file: "c.csv", row: 3)),
            .record(ResponseRecord(respondent: "r3", subject: "s1", rater: "peer",
                                   answers: [.notApplicable, .notApplicable, .value(2), .missing, .missing, .missing], file: "c.csv", row: 4)),
            .record(ResponseRecord(respondent: "r4", subject: "s1", rater: "peer",
                                   answers: [.value(4), .missing, .missing, .missing, .missing, .text("She said \"hi\"\r\nbye")],
                                   file: "c.csv", row: 5)),
            .rejected(RejectedRow(issue: ImportIssue(file: "c.csv", row: 7, column: 4,
                                                     message: "value '9' is not on the scale of item 'isp_1' (expected one of: \(scale))"),
                                  raw: "r5,s1,peer,9,,,,,")),
            .rejected(RejectedRow(issue: ImportIssue(file: "c.csv", row: 9, column: nil, message: "expected 9 fields, found 5"),
                                  raw: "r6,s1,manager,1,2")),
            .rejected(RejectedRow(issue: ImportIssue(file: "c.csv", row: 10, column: 5,
                                                     message: "value 'x' is not on the scale of item 'isp_2' (expected one of: \(scale))"),
                                  raw: "r7, s1 ,Peers,Always,x,,,,")),
            .record(ResponseRecord(respondent: "r8", subject: "s1", rater: "peer",
                                   answers: [.value(4), .missing, .missing, .missing, .missing, .missing], file: "c.csv", row: 11)),
            .record(ResponseRecord(respondent: "r9", subject: "s2", rater: "peer",
                                   answers: [.value(1), .missing, .missing, .missing, .missing, .missing], file: "c.csv", row: 12)),
            .rejected(RejectedRow(issue: ImportIssue(file: "c.csv", row: 13, column: 4, message: CSVMalformation.strayQuote.message),
                                  raw: "r10,s2,peer,2\"x,,,,,")),
            .record(ResponseRecord(respondent: "r11", subject: "s2", rater: "peer",
                                   answers: [.value(4), .value(3), .value(5), .missing, .missing, .text("last")], file: "c.csv", row: 14)),
        ]
        #expect(careful == expected)
        for chunk in [1, 2, 3, 5, 8, 13, 21, 64, 1 << 20] {
            for appending in [false, true] {
                #expect(try Self.events(url, chunk: chunk, fast: true, appending: appending) == expected,
                        "fast, \(chunk) bytes at a time, appending: \(appending)")
                #expect(try Self.events(url, chunk: chunk, fast: false, appending: appending) == expected,
                        "careful, \(chunk) bytes at a time, appending: \(appending)")
            }
        }
    }

    @Test func oneByteCellsOfEveryKind() throws {
        // Every printable byte in every scaled column, one row each: the fast path's table lookup
        // against the careful path's reading of the same cell.
        var text = "respondent,subject,rater,isp_1,isp_3,isp_2\n"
        for byte in UInt8(0x20)...UInt8(0x7E) where byte != 0x2C && byte != 0x22 {
            let cell = String(UnicodeScalar(byte))
            text += "r\(byte),s1,self,\(cell),\(cell),\(byte % 2 == 0 ? cell : "")\n"
        }
        let url = try ImportTests.write("b.csv", text)
        defer { ImportTests.remove(url) }
        let careful = try Self.events(url, chunk: 1 << 20, fast: false, appending: false)
        #expect(careful.count == 93)
        #expect(try Self.events(url, chunk: 1 << 20, fast: true, appending: true) == careful)
        #expect(try Self.events(url, chunk: 7, fast: true, appending: false) == careful)
        // What the one-byte cells mean: values, codes, blanks and rejections, by hand.
        let records = ImportTests.records(careful)
        #expect(records.map(\.respondent) == ["r32", "r49", "r50", "r51", "r52"])
        #expect(records.map { Array($0.answers[0...2]) } == [
            [.missing, .missing, .missing],        // spaces are blank cells
            [.value(1), .missing, .value(1)],      // isp_1, isp_2 (odd: blank), isp_3
            [.value(2), .value(2), .value(2)],
            [.value(3), .missing, .value(3)],
            [.value(4), .value(4), .value(4)],
        ])
        let first = try #require(ImportTests.rejected(careful).first)
        #expect(first.issue.description == "b.csv:3:4: value '!' is not on the scale of item 'isp_1' (expected one of: \(ImportTests.scaleList))")
        // '5' is on isp_3's scale but not isp_1's; 'N' is Neutral on isp_3 and nothing on isp_1.
        let five = try #require(ImportTests.rejected(careful).first { $0.raw.hasPrefix("r53,") })
        #expect(five.issue.description == "b.csv:21:4: value '5' is not on the scale of item 'isp_1' (expected one of: \(ImportTests.scaleList))")
        let n = try #require(ImportTests.rejected(careful).first { $0.raw.hasPrefix("r78,") })
        #expect(n.issue.description == "b.csv:46:4: value 'N' is not on the scale of item 'isp_1' (expected one of: \(ImportTests.scaleList))")
    }

    @Test func aScaleMayNameOptionsWithTheBytesOfTheCSV() throws {
        // A comma and a quote are options here: a cell holding one must be quoted, and an empty
        // cell stays a blank, on both paths.
        let odd = Scale(id: "odd", kind: "odd", options: [
            ScaleOption(value: 1, label: ","), ScaleOption(value: 2, label: "\""), ScaleOption(value: 3, label: "3"),
        ])
        let instrument = Instrument(
            id: "odd", version: "1.0.0", title: "Odd", kind: .selfAssessment, scales: [odd], defaultScale: "odd",
            raters: [RaterGroup(id: "self", label: "Self", isSelf: true)],
            dimensions: [Dimension(id: "d", title: "D", items: [Item(id: "o1", text: "O1", type: .rating),
                                                                 Item(id: "o2", text: "O2", type: .rating),
                                                                 Item(id: "o3", text: "O3", type: .rating)])],
            comments: [], scoring: Scoring(plugin: "scale-scores"), columns: ColumnMapping())
        let text = "respondent,subject,rater,o1,o2,o3\nr1,s1,self,\",\",3,\"\"\"\"\nr2,s1,self,,,3\nr3,s1,self,3,,\nr4,s1,self,3,\",\"\nr5,s1,self,,,3,3\n"
        let url = try ImportTests.write("o.csv", text)
        defer { ImportTests.remove(url) }
        let careful = try Self.events(url, chunk: 1 << 20, fast: false, appending: false, instrument: instrument)
        #expect(ImportTests.records(careful).map(\.answers) == [
            [.value(1), .value(3), .value(2)],
            [.missing, .missing, .value(3)],
            [.value(3), .missing, .missing],
        ])
        // Row 6 has a field too many: a blank cell and its comma are not a one-byte cell.
        #expect(ImportTests.rejected(careful).map(\.issue.description) == ["o.csv:5: expected 6 fields, found 5",
                                                                           "o.csv:6: expected 6 fields, found 7"])
        for chunk in [1, 4, 1 << 20] {
            #expect(try Self.events(url, chunk: chunk, fast: true, appending: true, instrument: instrument) == careful)
        }
    }

    @Test func everyFormatReadsTheSameThroughEitherCall() throws {
        // Long CSV and JSON Lines take the careful path whichever call reads them.
        let jsonl = "\u{FEFF}{\"respondent\":\"r1\",\"subject\":\"s1\",\"rater\":\"self\",\"answers\":{\"isp_1\":3}}\r\n\n"
            + "{\"respondent\":\"r2\",\"subject\":\"s1\",\"rater\":\"boss\"}\n"
            + "[]\n{\"respondent\":\"r3\",\"subject\":\"s1\",\"rater\":\"peer\",\"isp_2\":\"Often\"}"
        let long = "respondent,subject,rater,item,value\r\nr1,s1,peer,strengths,\"a\r\nb\"\r\nr1,s1,peer,isp_1,3\r\nr1,s1,peer,isp_9,3"
        for (name, text) in [("j.jsonl", jsonl), ("l.csv", long)] {
            let url = try ImportTests.write(name, text)
            defer { ImportTests.remove(url) }
            let events = try Self.events(url, chunk: 1 << 20, fast: true, appending: false)
            #expect(events.count == (name == "l.csv" ? 3 : 4))
            for chunk in [1, 5, 1 << 20] {
                #expect(try Self.events(url, chunk: chunk, fast: true, appending: true) == events, "\(name), \(chunk) bytes at a time")
            }
        }
        let url = try ImportTests.write("l.csv", long)
        defer { ImportTests.remove(url) }
        let events = try Self.events(url, chunk: 1 << 20, fast: true, appending: true)
        #expect(ImportTests.records(events).map { [$0.row: $0.answers] } == [
            [2: [.missing, .missing, .missing, .missing, .missing, .text("a\r\nb")]],
            [4: [.value(3), .missing, .missing, .missing, .missing, .missing]],
        ])
        #expect(ImportTests.rejected(events).map(\.issue.description) == ["l.csv:5:4: unknown item 'isp_9': not an item of test-360"])
    }

    @Test func raterCellsSpelledAgainNameTheSameGroup() throws {
        let raters = ["peer", "Peers", "Peers", "PEER", "boss", "Peers", " self ", " self ", "Self", "\"Line manager\"", "line MANAGER"]
        let text = "respondent,subject,rater,isp_1\n" + raters.enumerated().map { "r\($0.offset),s1,\($0.element),1\n" }.joined()
        let url = try ImportTests.write("g.csv", text)
        defer { ImportTests.remove(url) }
        let events = try Self.events(url, chunk: 1 << 20, fast: true, appending: true)
        #expect(ImportTests.records(events).map(\.rater) == ["peer", "peer", "peer", "peer", "peer", "self", "self", "self", "manager", "manager"])
        #expect(ImportTests.rejected(events).map(\.issue.description) == [
            "g.csv:6:3: rater group 'boss' is not defined by test-360 (expected one of: self, manager, peer)",
        ])
        #expect(events == (try Self.events(url, chunk: 3, fast: false, appending: false)))
    }

    @Test func aSubjectIsTheSameStringForEveryRowThatSpellsIt() throws {
        let text = "respondent,subject,rater,isp_1\nr1,Zoë,self,1\nr2, Zoë ,self,2\nr3,Zoe,self,3\nr4,\"Zoë\",self,4\nr5,,self,1\nr6,Zoë,self,1\n"
        let url = try ImportTests.write("z.csv", text)
        defer { ImportTests.remove(url) }
        let events = try Self.events(url, chunk: 1 << 20, fast: true, appending: true)
        #expect(ImportTests.records(events).map(\.subject) == ["Zoë", "Zoë", "Zoe", "Zoë", "Zoë"])
        #expect(ImportTests.rejected(events).map(\.issue.description) == ["z.csv:6:2: subject is empty"])
        #expect(events == (try Self.events(url, chunk: 1 << 20, fast: false, appending: false)))
    }

    @Test func theHashMadeWhileReadingIsTheFileHash() throws {
        let url = try ImportTests.write("h.csv", Self.corpus + "\n" + String(repeating: "r12,s3,self,1,2,3,,,\n", count: 500))
        defer { ImportTests.remove(url) }
        // The digest of a separate pass over the file.
        let expected = try ScoreJob.hash(file: url)
        for chunk in [1, 3, 64, 4096, 1 << 20] {
            let instrument = ImportTests.instrument()
            let reader = try ResponseReader(url: url, displayName: "h.csv", format: nil, instrument: instrument,
                                            layout: ResponseLayout(instrument), chunk: chunk, hashing: true)
            var records: [ResponseRecord] = []
            while try !reader.read(appendingTo: &records).isEnd {}
            #expect(records.count == 507)
            #expect(reader.digest() == expected, "\(chunk) bytes at a time")
        }
    }
    @Test func theHashOfASmallFileByHand() throws {
        // `printf 'respondent,subject,rater,isp_1\nr1,s1,self,1\n' | sha256sum`
        let url = try ImportTests.write("s.csv", "respondent,subject,rater,isp_1\nr1,s1,self,1\n")
        defer { ImportTests.remove(url) }
        for chunk in [1, 16, 1 << 20] {
            let instrument = ImportTests.instrument()
            let reader = try ResponseReader(url: url, displayName: "s.csv", format: nil, instrument: instrument,
                                            layout: ResponseLayout(instrument), chunk: chunk, hashing: true)
            while try reader.next() != nil {}
            #expect(reader.digest() == "sha256:f7e537affc82eae5c10a6d5731d9a26ae813d41ac85469f65d1a5d4dc3562965")
        }
    }
}

extension ResponseReader.ReadOutcome {
    var isEnd: Bool { if case .end = self { true } else { false } }
}

@Suite("Subject runs")
struct SubjectRunTests {
    static func record(_ respondent: String, _ subject: String, row: Int) -> ResponseRecord {
        ResponseRecord(respondent: respondent, subject: subject, rater: "peer", answers: [.value(Double(row % 4 + 1))], file: "f.csv", row: row)
    }

    /// Rows of subjects in the given order, `perSubject` each.
    static func rows(_ subjects: [String], perSubject: Int) -> [ResponseRecord] {
        var out: [ResponseRecord] = []
        for subject in subjects {
            for k in 0..<perSubject { out.append(record("r\(out.count)-\(k)", subject, row: out.count + 2)) }
        }
        return out
    }

    /// Everything a grouper shows after the records went in one at a time, or as runs. Records
    /// let go are those it handed over and those passed on after (a run it starts streaming in
    /// goes with the records handed over, where one at a time the rest of the run follows them).
    /// Once it throws ``SubjectGrouper/NotGrouped`` the grouper is dropped, and the count of
    /// records it was given is not compared.
    struct Outcome: Equatable {
        var streamed: Bool, grouped: Bool, stretches: Int, spilledRuns: Int
        var letGo: [ResponseRecord]
        var sorted: [ResponseRecord]
        var notGrouped: Bool
        var recordCount: Int?
    }

    static func outcome(_ records: [ResponseRecord], runs: Bool, runLimit: Int, streaming: Bool) throws -> Outcome {
        let grouper = SubjectGrouper(instrument: ImportTests.instrument(), files: ["f.csv"], runLimit: runLimit, streaming: streaming)
        var handoff: [ResponseRecord]?
        var passedOn: [ResponseRecord] = []
        var notGrouped = false
        do {
            if runs {
                var start = 0
                while start < records.count {
                    var end = start + 1
                    while end < records.count, records[end].subject == records[start].subject { end += 1 }
                    let run = Array(records[start..<end])
                    let wasStreamed = grouper.streamed
                    try grouper.add(run: run)
                    if wasStreamed { passedOn += run } else if let held = grouper.takeHandoff() { handoff = held }
                    start = end
                }
            } else {
                for record in records {
                    let wasStreamed = grouper.streamed
                    try grouper.add(record)
                    if wasStreamed { passedOn.append(record) } else if let held = grouper.takeHandoff() { handoff = held }
                }
            }
        } catch is SubjectGrouper.NotGrouped {
            notGrouped = true
        }
        var sorted: [ResponseRecord] = []
        if !grouper.streamed {
            let all = try grouper.sortedRecords()
            while let record = try all.next() { sorted.append(record) }
        }
        return Outcome(streamed: grouper.streamed, grouped: grouper.grouped, stretches: grouper.stretches, spilledRuns: grouper.spilledRuns,
                       letGo: (handoff ?? []) + passedOn, sorted: sorted, notGrouped: notGrouped,
                       recordCount: notGrouped ? nil : grouper.recordCount)
    }

    @Test(arguments: [1, 2, 5, 7, 50])
    func runsAreGroupedAsIfAddedOneByOne(runLimit: Int) throws {
        let ordered = Self.rows((1...9).map { "s\($0)" }, perSubject: 3)
        let twoStretches = Self.rows(["s5", "s6", "s7", "s1", "s2"], perSubject: 4)
        let scrambled = Self.rows((1...70).map { "s" + String(format: "%02d", 71 - $0) }, perSubject: 2)
        for (name, records) in [("ordered", ordered), ("two stretches", twoStretches), ("scrambled", scrambled)] {
            for streaming in [false, true] {
                let one = try Self.outcome(records, runs: false, runLimit: runLimit, streaming: streaming)
                let runs = try Self.outcome(records, runs: true, runLimit: runLimit, streaming: streaming)
                #expect(one == runs, "\(name), run limit \(runLimit), streaming: \(streaming)")
                if !runs.notGrouped {
                    #expect(runs.recordCount == records.count)
                    // Nothing is lost or repeated between what was held and what came after.
                    #expect(runs.letGo + runs.sorted == (runs.streamed ? records : []) + runs.sorted)
                    #expect(runs.letGo.count + runs.sorted.count == records.count)
                }
            }
        }
        // By hand: ordered input streams after min(run limit, 4,096) records; scrambled input breaks
        // the order once 64 stretches have been seen.
        let ordered1 = try Self.outcome(ordered, runs: true, runLimit: runLimit, streaming: true)
        #expect(ordered1.streamed == (runLimit <= 27))
        #expect(ordered1.spilledRuns == 0)
        #expect(ordered1.stretches == 1)
        let scrambled1 = try Self.outcome(scrambled, runs: true, runLimit: runLimit, streaming: true)
        #expect(scrambled1.grouped == false)
        #expect(scrambled1.stretches == 65)
        #expect(scrambled1.notGrouped == (runLimit <= 128))
        let twoStretches1 = try Self.outcome(twoStretches, runs: true, runLimit: runLimit, streaming: false)
        #expect(twoStretches1.stretches == 2)
        #expect(twoStretches1.sorted.map(\.subject) == ["s1", "s1", "s1", "s1", "s2", "s2", "s2", "s2"] + (5...7).flatMap { Array(repeating: "s\($0)", count: 4) })
        #expect(twoStretches1.spilledRuns == (runLimit > 20 ? 0 : 20 / runLimit + (20 % runLimit == 0 ? 0 : 1)))
    }

    @Test func byteOrderOfIdentifiers() {
        let ids = ["", "a", "A", "ab", "a b", "b", "Z", "zz", "z", "é", "e\u{301}", "e", "😀", "s10", "s9", "s1", "S1", "ß", "a\u{0}", String(repeating: "x", count: 40),
                   String(repeating: "x", count: 39) + "y", "Zoë", "Zoe"]
        for a in ids {
            for b in ids {
                #expect(SubjectGrouper.utf8Precedes(a, b) == a.utf8.lexicographicallyPrecedes(b.utf8), "\(a.debugDescription) < \(b.debugDescription)")
            }
        }
        #expect(["s9", "s10", "é", "e", "Zoë", "Zoe", "z", ""].sorted(by: SubjectGrouper.utf8Precedes) == ["", "Zoe", "Zoë", "e", "s10", "s9", "z", "é"])
    }
}

@Suite("Subject runs through a scoring job")
struct SubjectRunScoringTests {
    /// Subjects s1-s6 in order, with their rows out of respondent order, two rater groups, a
    /// duplicate response (s2), a bad row in the middle of s3's rows and s6 continued in a second file.
    static let first = """
        respondent,subject,rater,a1,a2,a3,b1,b2
        r3,s1,peer,2,2,2,2,2
        r1,s1,self,1,1,1,1,1
        r2,s1,peer,3,3,3,3,3
        r1,s2,peer,4,4,4,4,4
        r1,s2,peer,5,5,5,5,5
        r2,s2,self,1,2,3,4,5
        r1,s3,peer,1,1,1,1,1
        r2,s3,peer,9,1,1,1,1
        r3,s3,peer,2,2,2,2,2
        r1,s4,self,3,,Not applicable,3,
        r1,s5,self,4,5,2,3,3
        r1,s6,peer,1,2,3,4,5

        """
    static let second = """
        respondent,subject,rater,a1,a2,a3,b1,b2
        r2,s6,peer,5,4,3,2,1
        r3,s6,self,3,3,3,3,3

        """

    static func run(_ first: String, _ second: String, runLimit: Int) throws -> (summary: ScoreSummary, output: CollectingSink) {
        let dir = try scratch(["instrument.lua": smallInstrument, "one.csv": first, "two.csv": second])
        defer { try? FileManager.default.removeItem(at: dir) }
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let plugin = try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: plugin, onInvalid: .skip)
        job.runLimit = runLimit
        var sink = CollectingSink()
        let summary = try job.run(files: [(dir.appendingPathComponent("one.csv"), "one.csv"), (dir.appendingPathComponent("two.csv"), "two.csv")],
                                  into: &sink)
        return (summary, sink)
    }

    @Test func streamedRunsScoreAsSortedRunsAndMemory() throws {
        let streamed = try Self.run(Self.first, Self.second, runLimit: 2)
        let inMemory = try Self.run(Self.first, Self.second, runLimit: 1_000)
        // The same rows with s1 and s2 swapped round and s5 split: not grouped, so sorted runs.
        var lines = Self.first.split(separator: "\n").map(String.init)
        lines = [lines[0], lines[4], lines[11], lines[5], lines[1], lines[6], lines[2], lines[3], lines[7], lines[8], lines[9], lines[10], lines[12]]
        let shuffled = lines.joined(separator: "\n") + "\n"
        let spilled = try Self.run(shuffled, Self.second, runLimit: 2)
        #expect(streamed.summary.spilledRuns == 0)
        #expect(spilled.summary.spilledRuns > 0)
        #expect(streamed.output.subjects == inMemory.output.subjects)
        #expect(spilled.output.subjects == inMemory.output.subjects)
        // By hand: which subjects, how many responses each, and what was rejected.
        #expect(streamed.output.subjects.map(\.subject) == ["s1", "s2", "s3", "s4", "s5", "s6"])
        #expect(streamed.summary.responses == 12)
        #expect(streamed.summary.subjects == 6)
        let rejected = streamed.summary.rejected.map(\.issue.description)
        #expect(rejected == [
            "one.csv:6: duplicate response: respondent 'r1' already responded about subject 's2' as 'peer' (one.csv:5)",
            "one.csv:9:4: value '9' is not on the scale of item 'a1' (expected one of: 1 One, 2 Two, 3 Three, 4 Four, 5 Five, Not applicable)",
        ])
        #expect(inMemory.summary.rejected.map(\.issue.description) == rejected)
        #expect(spilled.summary.rejected.map(\.issue.description) == [
            "one.csv:4: duplicate response: respondent 'r1' already responded about subject 's2' as 'peer' (one.csv:2)",
            "one.csv:10:4: value '9' is not on the scale of item 'a1' (expected one of: 1 One, 2 Two, 3 Three, 4 Four, 5 Five, Not applicable)",
        ])
        // s5 has one response: d1 = (4 + 5 + reverse(2) = 4) / 3, d2 = (3 + 3) / 2.
        let s5 = streamed.output.subjects[4]
        #expect(s5.dimensions.map(\.score) == [13.0 / 3, 3])
    }
}
