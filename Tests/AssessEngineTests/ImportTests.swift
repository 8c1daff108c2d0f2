@testable import AssessEngine
import AssessModel
import Foundation
import Testing

/// Streaming import of responses: wide CSV, long CSV and JSON Lines, with located validation.
@Suite struct ImportTests {
    // MARK: - Fixtures

    static let frequency = Scale(id: "frequency", kind: "frequency", options: [
        ScaleOption(value: 1, label: "Rarely"),
        ScaleOption(value: 2, label: "Sometimes"),
        ScaleOption(value: 3, label: "Often"),
        ScaleOption(value: 4, label: "Always"),
        ScaleOption(value: nil, label: "Not observed", code: "NO", notApplicable: true),
    ])
    static let agreement = Scale(id: "agreement", kind: "agreement", options: [
        ScaleOption(value: 1, label: "Strongly disagree", code: "SD"),
        ScaleOption(value: 2, label: "Disagree", code: "D"),
        ScaleOption(value: 3, label: "Neutral", code: "N"),
        ScaleOption(value: 4, label: "Agree", code: "A"),
        ScaleOption(value: 5, label: "Strongly agree", code: "SA"),
    ])

    /// Layout order: isp_1, isp_2, isp_3, rank_q, pick, strengths.
    static func instrument(columns: ColumnMapping = ColumnMapping(), requireISP2: Bool = false) -> Instrument {
        Instrument(
            id: "test-360", version: "1.0.0", title: "Test 360", kind: .multiRater,
            scales: [frequency, agreement], defaultScale: "frequency",
            raters: [
                RaterGroup(id: "self", label: "Self", isSelf: true),
                RaterGroup(id: "manager", label: "Line manager"),
                RaterGroup(id: "peer", label: "Peers"),
            ],
            dimensions: [
                Dimension(id: "isp", title: "Inspiring shared purpose", items: [
                    Item(id: "isp_1", text: "Inspires", type: .frequency),
                    Item(id: "isp_2", text: "Values", type: .frequency, required: requireISP2),
                    Item(id: "isp_3", text: "Agrees", type: .agreement, scale: "agreement"),
                ]),
                Dimension(id: "values", title: "Values", items: [
                    Item(id: "rank_q", text: "Rank these", type: .ranking,
                         options: [ItemOption(id: "a", text: "A"), ItemOption(id: "b", text: "B"), ItemOption(id: "c", text: "C")]),
                    Item(id: "pick", text: "Pick two", type: .choose,
                         options: [ItemOption(id: "x", text: "X"), ItemOption(id: "y", text: "Y"), ItemOption(id: "z", text: "Z")],
                         choose: 2),
                ]),
            ],
            comments: [Item(id: "strengths", text: "Strengths", type: .comment)],
            scoring: Scoring(plugin: "scale-scores"),
            columns: columns)
    }

    /// A new, empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = try temporaryFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func write(_ name: String, _ text: String) throws -> URL { try write(name, Array(text.utf8)) }

    /// Removes the temporary folder `write` made for `file`.
    static func remove(_ file: URL) { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }

    static func reader(_ url: URL, format: ResponseFormat? = nil, instrument: Instrument = instrument()) throws -> ResponseReader {
        try ResponseReader(url: url, displayName: url.lastPathComponent, format: format, instrument: instrument,
                           layout: ResponseLayout(instrument))
    }

    /// Every event of a file.
    static func events(_ name: String, _ text: String, format: ResponseFormat? = nil, instrument: Instrument = instrument()) throws -> [ResponseEvent] {
        let url = try write(name, text)
        defer { remove(url) }
        return try events(url, format: format, instrument: instrument)
    }

    static func events(_ url: URL, format: ResponseFormat? = nil, instrument: Instrument = instrument()) throws -> [ResponseEvent] {
        let reader = try reader(url, format: format, instrument: instrument)
        var out: [ResponseEvent] = []
        while let event = try reader.next() { out.append(event) }
        #expect(reader.bytesRead == reader.totalBytes)
        #expect(reader.rowsRead == out.count)
        return out
    }

    static func records(_ events: [ResponseEvent]) -> [ResponseRecord] {
        events.compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    static func rejected(_ events: [ResponseEvent]) -> [RejectedRow] {
        events.compactMap { if case .rejected(let r) = $0 { r } else { nil } }
    }

    /// The messages of a file's rejected rows.
    static func problems(_ name: String, _ text: String, format: ResponseFormat? = nil, instrument: Instrument = instrument()) throws -> [String] {
        rejected(try events(name, text, format: format, instrument: instrument)).map(\.issue.description)
    }

    /// What the initialiser throws, one description per problem.
    static func headerProblems(_ name: String, _ text: String, format: ResponseFormat? = nil, instrument: Instrument = instrument()) throws -> [String] {
        let url = try write(name, text)
        defer { remove(url) }
        do {
            _ = try reader(url, format: format, instrument: instrument)
            return []
        } catch let issue as ImportIssue {
            return [issue.description]
        } catch let issues as ImportIssues {
            return issues.issues.map(\.description)
        }
    }

    static let header = "respondent,subject,rater,isp_1,isp_2,isp_3,rank_q,pick,strengths\n"
    static let scaleList = "1 Rarely, 2 Sometimes, 3 Often, 4 Always, Not observed"

    // MARK: - Wide CSV

    @Test func wideRowsBecomeRecords() throws {
        let events = try Self.events("r.csv", Self.header + "r1,s1,peer,3,4,5,b;a;c,x,Good\nr2,s1,self,,1,SD,,,\n")
        let records = Self.records(events)
        try #require(records.count == 2)
        #expect(records[0] == ResponseRecord(respondent: "r1", subject: "s1", rater: "peer",
                                             answers: [.value(3), .value(4), .value(5), .options(["b", "a", "c"]), .options(["x"]), .text("Good")],
                                             file: "r.csv", row: 2))
        #expect(records[1].answers == [.missing, .value(1), .value(1), .missing, .missing, .missing])
        #expect(records[1].row == 3)
    }

    @Test func columnsInAnyOrderAndOptionalItemsMissing() throws {
        let events = try Self.events("r.csv", "isp_2,rater,subject,respondent\n2,manager,s9,r7\n")
        let record = try #require(Self.records(events).first)
        #expect(record.respondent == "r7")
        #expect(record.subject == "s9")
        #expect(record.rater == "manager")
        #expect(record.answers == [.missing, .value(2), .missing, .missing, .missing, .missing])
    }

    @Test func mappedColumnNames() throws {
        let instrument = Self.instrument(columns: ColumnMapping(respondent: "RespondentID", subject: "Subject", rater: "Group",
                                                                items: ["isp_1": "Q1", "strengths": "Comments"]))
        let events = try Self.events("r.csv", "RespondentID,Subject,Group,Q1,Comments\nr1,s1,Peers,Often,Kind\n", instrument: instrument)
        let record = try #require(Self.records(events).first)
        #expect(record.rater == "peer")
        #expect(record.answers[0] == .value(3))
        #expect(record.answers[5] == .text("Kind"))
        #expect(try Self.headerProblems("r.csv", "respondent,Subject,Group,isp_1\n", instrument: instrument) == [
            "r.csv:1:1: unknown column 'respondent': not an item of test-360 (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })",
            "r.csv:1:4: unknown column 'isp_1': not an item of test-360 (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })",
            "r.csv:1: missing required column 'RespondentID'",
        ])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}respondent,subject,rater,isp_1\r\nr1,s1,self,1\r\nr2,s1,peer,2\r\n"
        let events = try Self.events("bom.csv", text)
        let records = Self.records(events)
        #expect(records.map(\.respondent) == ["r1", "r2"])
        #expect(records.map(\.rater) == ["self", "peer"])
        #expect(records.map(\.row) == [2, 3])
        #expect(records.map { $0.answers[0] } == [.value(1), .value(2)])
    }

    @Test func oldMacLineBreaks() throws {
        let records = Self.records(try Self.events("cr.csv", "respondent,subject,rater,isp_1\rr1,s1,self,1\rr2,s1,peer,2"))
        #expect(records.map(\.row) == [2, 3])
    }

    @Test func finalLineWithoutLineBreak() throws {
        let records = Self.records(try Self.events("r.csv", "respondent,subject,rater,isp_1\nr1,s1,self,1\nr2,s1,peer,4"))
        #expect(records.map(\.respondent) == ["r1", "r2"])
        #expect(records.last?.answers[0] == .value(4))
    }

    @Test func quotedFields() throws {
        let text = Self.header
            + "\"r,1\",s1,peer,3,,,\"b,a,c\",,\"She said \"\"hello\"\",\nthen left\r\nquietly\"\n"
            + "r2,s1,peer,\"4\",,,,,\"\"\"\"\n"
            + "r3,\"s1\",peer,,,,,,\"\"\n"
        let events = try Self.events("q.csv", text)
        let records = Self.records(events)
        try #require(records.count == 3)
        #expect(records[0].respondent == "r,1")
        #expect(records[0].answers[3] == .options(["b", "a", "c"]))
        #expect(records[0].answers[5] == .text("She said \"hello\",\nthen left\r\nquietly"))
        #expect(records[0].row == 2)
        // The record after a three-line quoted record starts on line 5.
        #expect(records[1].row == 5)
        #expect(records[1].answers[0] == .value(4))
        #expect(records[1].answers[5] == .text("\""))
        #expect(records[2].row == 6)
        #expect(records[2].answers[5] == .missing)
    }

    @Test func blankLinesAreSkipped() throws {
        let events = try Self.events("r.csv", "respondent,subject,rater,isp_1\n\nr1,s1,self,1\n\r\n\nr2,s1,self,2\n\n")
        #expect(Self.records(events).map(\.row) == [3, 6])
    }

    // MARK: - Cell values

    @Test func valuesLabelsAndCodes() throws {
        let text = "respondent,subject,rater,isp_1,isp_2,isp_3\n"
            + "r1,s1,peer,3,often,SA\n"
            + "r2,s1,peer, 3.0 ,  ALWAYS ,strongly disagree\n"
            + "r3,s1,peer,Rarely,2,n\n"
            + "r4,s1,peer,4.00,Sometimes,Agree\n"
        let records = Self.records(try Self.events("r.csv", text))
        #expect(records.map { Array($0.answers[0...2]) } == [
            [.value(3), .value(3), .value(5)],
            [.value(3), .value(4), .value(1)],
            [.value(1), .value(2), .value(3)],
            [.value(4), .value(2), .value(4)],
        ])
    }

    @Test func notApplicable() throws {
        let text = "respondent,subject,rater,isp_1,isp_2\nr1,s1,peer,NA,n/a\nr2,s1,peer,Not observed,no\nr3,s1,peer,N/A,not OBSERVED\n"
        let records = Self.records(try Self.events("r.csv", text))
        #expect(records.map { Array($0.answers[0...1]) } == Array(repeating: [.notApplicable, .notApplicable], count: 3))
        // The agreement scale has no not-applicable option.
        #expect(try Self.problems("r.csv", "respondent,subject,rater,isp_3\nr1,s1,peer,NA\n") == [
            "r.csv:2:4: value 'NA' is not on the scale of item 'isp_3' (expected one of: 1 Strongly disagree, 2 Disagree, 3 Neutral, 4 Agree, 5 Strongly agree)",
        ])
    }

    @Test func valuesNotOnTheScale() throws {
        let text = "respondent,subject,rater,isp_1,isp_2\nr1,s1,peer,3,5\nr2,s1,peer,Very often,1\nr3,s1,peer,2.5,1\nr4,s1,peer,0,\n"
        #expect(try Self.problems("r.csv", text) == [
            "r.csv:2:5: value '5' is not on the scale of item 'isp_2' (expected one of: \(Self.scaleList))",
            "r.csv:3:4: value 'Very often' is not on the scale of item 'isp_1' (expected one of: \(Self.scaleList))",
            "r.csv:4:4: value '2.5' is not on the scale of item 'isp_1' (expected one of: \(Self.scaleList))",
            "r.csv:5:4: value '0' is not on the scale of item 'isp_1' (expected one of: \(Self.scaleList))",
        ])
    }

    @Test func raterGroups() throws {
        let text = "respondent,subject,rater\nr1,s1,self\nr2,s1,LINE MANAGER\nr3,s1,Manager\nr4,s1,peers\nr5,s1,boss\nr6,s1,\n"
        let events = try Self.events("r.csv", text)
        #expect(Self.records(events).map(\.rater) == ["self", "manager", "manager", "peer"])
        #expect(Self.rejected(events).map(\.issue.description) == [
            "r.csv:6:3: rater group 'boss' is not defined by test-360 (expected one of: self, manager, peer)",
            "r.csv:7:3: rater is empty (expected one of: self, manager, peer)",
        ])
    }

    @Test func respondentAndSubjectMustNotBeEmpty() throws {
        let text = "respondent,subject,rater,isp_1\n,s1,self,1\nr1, ,self,1\n  r2  ,s1,self,1\n"
        let events = try Self.events("r.csv", text)
        #expect(Self.rejected(events).map(\.issue.description) == [
            "r.csv:2:1: respondent is empty",
            "r.csv:3:2: subject is empty",
        ])
        #expect(Self.records(events).map(\.respondent) == ["r2"])
    }

    @Test func firstProblemInARowIsReported() throws {
        #expect(try Self.problems("r.csv", "respondent,subject,rater,isp_1,isp_2\nr1,s1,nobody,9,9\n") == [
            "r.csv:2:3: rater group 'nobody' is not defined by test-360 (expected one of: self, manager, peer)",
        ])
    }

    @Test func commentsAreKeptVerbatim() throws {
        let text = "respondent,subject,rater,strengths\nr1,s1,self,\"  two\n lines  \"\nr2,s1,self,   \nr3,s1,self,Café ☕️\n"
        let records = Self.records(try Self.events("r.csv", text))
        #expect(records.map { $0.answers[5] } == [.text("  two\n lines  "), .missing, .text("Café ☕️")])
    }

    @Test func rankingAndChoose() throws {
        let text = "respondent,subject,rater,rank_q,pick\n"
            + "r1,s1,peer,c;b;a,x;z\n"
            + "r2,s1,peer,\"a, b, c\",\"z,y,x\"\n"
            + "r3,s1,peer, B ; A ; C ,;\n"
            + "r4,s1,peer,a;b,\n"
            + "r5,s1,peer,a;b;d,\n"
            + "r6,s1,peer,a;b;a,\n"
            + "r7,s1,peer,,x;x\n"
            + "r8,s1,peer,,w\n"
        let events = try Self.events("r.csv", text)
        #expect(Self.records(events).map { Array($0.answers[3...4]) } == [
            [.options(["c", "b", "a"]), .options(["x", "z"])],
            [.options(["a", "b", "c"]), .options(["z", "y", "x"])],
            [.options(["b", "a", "c"]), .missing],
        ])
        #expect(Self.rejected(events).map(\.issue.description) == [
            "r.csv:5:4: item 'rank_q' is a ranking: list every option exactly once (missing: c)",
            "r.csv:6:4: 'd' is not an option of item 'rank_q' (expected one of: a, b, c)",
            "r.csv:7:4: option 'a' is listed twice in item 'rank_q'",
            "r.csv:8:5: option 'x' is listed twice in item 'pick'",
            "r.csv:9:5: 'w' is not an option of item 'pick' (expected one of: x, y, z)",
        ])
    }

    // MARK: - Row errors

    @Test func fieldCounts() throws {
        let text = "respondent,subject,rater,isp_1\nr1,s1,self\nr2,s1,self,1,2\nr3,s1,self,1,\nr4,s1,self,1\n"
        let events = try Self.events("r.csv", text)
        #expect(Self.rejected(events).map(\.issue.description) == [
            "r.csv:2: expected 4 fields, found 3",
            "r.csv:3: expected 4 fields, found 5",
            "r.csv:4: expected 4 fields, found 5",
        ])
        #expect(Self.rejected(events).map(\.raw) == ["r1,s1,self", "r2,s1,self,1,2", "r3,s1,self,1,"])
        #expect(Self.records(events).map(\.row) == [5])
    }

    @Test func malformedQuoting() throws {
        let text = "respondent,subject,rater,isp_1,strengths\n"
            + "r1,s1,self,1,He said \"hi\"\n"
            + "r2,s1,self,1,\"closed\" then more\n"
            + "r3,s1,self,1,\"multi\nline\"x\n"
            + "r4,s1,self,1,fine\n"
            + "r5,s1,self,1,\"never closed\nr6,s1,self,1,lost\r\n"
        let events = try Self.events("m.csv", text)
        let rejected = Self.rejected(events)
        #expect(rejected.map(\.issue.description) == [
            "m.csv:2:5: malformed row: a quote inside an unquoted field (quote the whole field and double the quotes inside it)",
            "m.csv:3:5: malformed row: text after the closing quote of a quoted field",
            "m.csv:4:5: malformed row: text after the closing quote of a quoted field",
            "m.csv:7:5: malformed row: a quoted field is not closed before the end of the file",
        ])
        #expect(rejected.map(\.raw) == [
            "r1,s1,self,1,He said \"hi\"",
            "r2,s1,self,1,\"closed\" then more",
            "r3,s1,self,1,\"multi\nline\"x",
            "r5,s1,self,1,\"never closed\nr6,s1,self,1,lost",
        ])
        #expect(Self.records(events).map(\.row) == [6])
    }

    @Test func rawTextOfMultiLineRejectedRows() throws {
        let text = Self.header + "r1,s1,peer,9,,,,,\"line one\r\nline \"\"two\"\"\nline three\"\nr2,s1,peer,1,,,,,\n"
        let events = try Self.events("r.csv", text)
        let row = try #require(Self.rejected(events).first)
        #expect(row.issue == ImportIssue(file: "r.csv", row: 2, column: 4,
                                         message: "value '9' is not on the scale of item 'isp_1' (expected one of: \(Self.scaleList))"))
        #expect(row.raw == "r1,s1,peer,9,,,,,\"line one\r\nline \"\"two\"\"\nline three\"")
        #expect(Self.records(events).map(\.row) == [5])
    }

    @Test func invalidUTF8() throws {
        var bytes = Array("respondent,subject,rater,isp_1,strengths\n".utf8)
        bytes += Array("r\u{E9}1,s1,self,1,ok\n".utf8)          // valid é
        bytes += [0x72, 0xE9, 0x32] + Array(",s1,self,1,ok\n".utf8)  // Latin-1 é in the respondent
        bytes += Array("r3,s1,self,".utf8) + [0xFF] + Array(",ok\n".utf8)
        bytes += Array("r4,s1,self,1,\"bad ".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        bytes += Array("r5,s1,self,".utf8) + [0xC3] + Array("x,ok\n".utf8)
        let url = try Self.write("u.csv", bytes)
        defer { Self.remove(url) }
        let events = try Self.events(url)
        #expect(Self.records(events).map(\.respondent) == ["ré1"])
        #expect(Self.rejected(events).map(\.issue.description) == [
            "u.csv:3:1: not valid UTF-8",
            "u.csv:4:4: not valid UTF-8",
            "u.csv:5:5: not valid UTF-8",
            "u.csv:6:4: not valid UTF-8",
        ])
        #expect(Self.rejected(events)[0].raw == "r\u{FFFD}2,s1,self,1,ok")
    }

    // MARK: - File and header problems

    @Test func headerProblemsAreListedTogether() throws {
        let problems = try Self.headerProblems("h.csv", "subject,rater,isp_1,colour,isp_1,,isp_9\nr1\n", instrument: Self.instrument(requireISP2: true))
        let unknown = "not an item of test-360 (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })"
        #expect(problems == [
            "h.csv:1:4: unknown column 'colour': \(unknown)",
            "h.csv:1:5: duplicate column 'isp_1' (also column 3)",
            "h.csv:1:6: column 6 has no name",
            "h.csv:1:7: unknown column 'isp_9': \(unknown)",
            "h.csv:1: missing required column 'respondent'",
            "h.csv:1: missing required column 'isp_2'",
        ])
        let url = try Self.write("h.csv", "subject,isp_1\n")
        defer { Self.remove(url) }
        #expect(throws: ImportIssues.self) { try Self.reader(url) }
        do {
            _ = try Self.reader(url)
        } catch let issues as ImportIssues {
            #expect(issues.description == "h.csv:1: missing required column 'respondent'\nh.csv:1: missing required column 'rater'")
        }
    }

    @Test func oneHeaderProblemIsThrownAlone() throws {
        let url = try Self.write("h.csv", "respondent,subject,rater,extra\n")
        defer { Self.remove(url) }
        #expect(throws: ImportIssue(file: "h.csv", row: 1, column: 4, message:
            "unknown column 'extra': not an item of test-360 (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })")) {
            try Self.reader(url)
        }
        #expect(try Self.headerProblems("h.csv", "respondent,subject,\"rater\n") == [
            "h.csv:1:3: header: malformed row: a quoted field is not closed before the end of the file",
        ])
        #expect(try Self.headerProblems("h.csv", "\nrespondent,subject,rater\n") == [
            "h.csv:1: the header row is blank: the first line must name the columns",
        ])
    }

    @Test func requiredItemColumnPresentIsFine() throws {
        let instrument = Self.instrument(requireISP2: true)
        #expect(try Self.headerProblems("h.csv", "respondent,subject,rater,isp_2\n", instrument: instrument) == [])
    }

    @Test func emptyFiles() throws {
        for text in ["", "\u{FEFF}", "\n\r\n  \n"] {
            #expect(try Self.headerProblems("e.csv", text) == ["e.csv: the file is empty"])
            #expect(try Self.headerProblems("e.jsonl", text) == ["e.jsonl: the file is empty"])
        }
        // A header alone is a file without responses.
        #expect(try Self.events("h.csv", "respondent,subject,rater\n").isEmpty)
    }

    @Test func unreadableFiles() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ImportIssue(file: "x.csv", row: 0, message: "cannot open the file: no such file")) {
            try ResponseReader(url: folder.appendingPathComponent("missing.csv"), displayName: "x.csv", instrument: Self.instrument(),
                               layout: ResponseLayout(Self.instrument()))
        }
        #expect(throws: ImportIssue(file: "dir", row: 0, message: "cannot open the file: is a folder, not a file")) {
            try ResponseReader(url: folder, displayName: "dir", format: .wideCSV, instrument: Self.instrument(),
                               layout: ResponseLayout(Self.instrument()))
        }
        let text = try Self.write("r.txt", "respondent,subject,rater\n")
        defer { Self.remove(text) }
        #expect(throws: ImportIssue(file: "r.txt", row: 0, message:
            "cannot tell the file's format from its name: use a .csv, .jsonl or .ndjson file, or name the format (csv, long-csv, jsonl)")) {
            try Self.reader(text)
        }
        #expect(try Self.reader(text, format: .wideCSV).format == .wideCSV)
        let utf16 = try Self.write("w.csv", [0xFF, 0xFE] + Array("r\0,\0".utf8))
        defer { Self.remove(utf16) }
        #expect(throws: ImportIssue(file: "w.csv", row: 0, message: "the file is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)")) {
            try Self.reader(utf16)
        }
        #expect(ImportIssue(file: "f.csv", row: 0, message: "m").description == "f.csv: m")
        #expect(ImportIssue(file: "f.csv", row: 3, message: "m").description == "f.csv:3: m")
        #expect(ImportIssue(file: "f.csv", row: 3, column: 2, message: "m").description == "f.csv:3:2: m")
    }

    // MARK: - Format detection

    @Test func detection() {
        #expect(ResponseFormat.detect(path: "a/b/responses.csv", header: nil) == .wideCSV)
        #expect(ResponseFormat.detect(path: "r.CSV", header: "respondent,subject,rater,isp_1") == .wideCSV)
        #expect(ResponseFormat.detect(path: "r.csv", header: "respondent,subject,rater,item,value") == .longCSV)
        #expect(ResponseFormat.detect(path: "r.csv", header: "\u{FEFF}\"respondent\", subject,rater,item,value\r\n") == .longCSV)
        #expect(ResponseFormat.detect(path: "r.csv", header: "subject,respondent,rater,item,value") == .wideCSV)
        let mapped = ColumnMapping(respondent: "id", subject: "who", rater: "group")
        #expect(ResponseFormat.detect(path: "r.csv", header: "id,who,group,item,value", columns: mapped) == .longCSV)
        #expect(ResponseFormat.detect(path: "r.jsonl", header: nil) == .jsonLines)
        #expect(ResponseFormat.detect(path: "r.ndjson", header: "{}") == .jsonLines)
        #expect(ResponseFormat.detect(path: "r.json", header: nil) == nil)
        #expect(ResponseFormat.detect(path: "csv", header: nil) == nil)
        #expect(ResponseFormat.allCases.map(\.rawValue) == ["csv", "long-csv", "jsonl"])
    }

    // MARK: - Long CSV

    @Test func longRows() throws {
        let text = "respondent,subject,rater,item,value\n"
            + "r1,s1,peer,isp_1,3\n"
            + "r1,s1,peer,isp_3,Agree\n"
            + "r1,s1,peer,rank_q,\"c,b,a\"\n"
            + "r1,s1,peer,strengths,\"Listens,\nwell\"\n"
            + "r1,s1,peer,isp_2,NA\n"
            + "r1,s1,peer,isp_9,3\n"
            + "r1,s1,peer,isp_1,7\n"
            + "r1,s1,peer,,3\n"
            + "r1,s1,,isp_1,7\n"
        let url = try Self.write("long.csv", text)
        defer { Self.remove(url) }
        let reader = try Self.reader(url)
        #expect(reader.format == .longCSV)
        var events: [ResponseEvent] = []
        while let event = try reader.next() { events.append(event) }
        let records = Self.records(events)
        #expect(records.map(\.answers) == [
            [.value(3), .missing, .missing, .missing, .missing, .missing],
            [.missing, .missing, .value(4), .missing, .missing, .missing],
            [.missing, .missing, .missing, .options(["c", "b", "a"]), .missing, .missing],
            [.missing, .missing, .missing, .missing, .missing, .text("Listens,\nwell")],
            [.missing, .notApplicable, .missing, .missing, .missing, .missing],
        ])
        #expect(records.map(\.row) == [2, 3, 4, 5, 7])
        #expect(Self.rejected(events).map(\.issue.description) == [
            "long.csv:8:4: unknown item 'isp_9': not an item of test-360",
            "long.csv:9:5: value '7' is not on the scale of item 'isp_1' (expected one of: \(Self.scaleList))",
            "long.csv:10:4: item is empty",
            "long.csv:11:3: rater is empty (expected one of: self, manager, peer)",
        ])
    }

    @Test func longColumnsMappedAndReordered() throws {
        let instrument = Self.instrument(columns: ColumnMapping(respondent: "id", items: ["isp_1": "Q1"]))
        let text = "value,item,rater,subject,id\n2,Q1,self,s1,r1\n3,isp_1,self,s1,r2\n"
        let records = Self.records(try Self.events("l.csv", text, format: .longCSV, instrument: instrument))
        #expect(records.map(\.respondent) == ["r1", "r2"])
        #expect(records.map { $0.answers[0] } == [.value(2), .value(3)])
        #expect(try Self.headerProblems("l.csv", "respondent,subject,item,value,other\n", format: .longCSV) == [
            "l.csv:1:5: unknown column 'other': a long-format file has the columns respondent, subject, rater, item, value",
            "l.csv:1: missing required column 'rater'",
        ])
    }

    // MARK: - JSON Lines

    @Test func jsonLines() throws {
        let text = """
            {"respondent":"r1","subject":"s1","rater":"peer","answers":{"isp_1":3,"isp_2":"Often","strengths":"text","rank_q":["b","a","c"]}}

            {"respondent":"r2","subject":"s1","rater":"Line manager","isp_1":"NA","isp_3":"sd","pick":"x;y"}\r
              \t
            {"respondent":17,"subject":"s1","rater":"self","answers":{"isp_1":null,"strengths":"a\\nb"}}
            """
        let events = try Self.events("r.jsonl", text)
        let records = Self.records(events)
        #expect(Self.rejected(events).isEmpty)
        #expect(records == [
            ResponseRecord(respondent: "r1", subject: "s1", rater: "peer",
                           answers: [.value(3), .value(3), .missing, .options(["b", "a", "c"]), .missing, .text("text")], file: "r.jsonl", row: 1),
            ResponseRecord(respondent: "r2", subject: "s1", rater: "manager",
                           answers: [.notApplicable, .missing, .value(1), .missing, .options(["x", "y"]), .missing], file: "r.jsonl", row: 3),
            ResponseRecord(respondent: "17", subject: "s1", rater: "self",
                           answers: [.missing, .missing, .missing, .missing, .missing, .text("a\nb")], file: "r.jsonl", row: 5),
        ])
    }

    @Test func jsonLinesProblems() throws {
        let lines = [
            #"[1,2]"#,
            #"{"respondent":"r1","#,
            #"{"subject":"s1","rater":"peer"}"#,
            #"{"respondent":"r1","subject":"","rater":"peer"}"#,
            #"{"respondent":"r1","subject":"s1","rater":"boss"}"#,
            #"{"respondent":"r1","subject":"s1","rater":3}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","answers":{"isp_7":1,"zzz":2}}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","answers":[1]}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","isp_1":9}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","isp_1":true}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","isp_1":[1]}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","rank_q":["a","b"]}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","pick":[{"x":1}]}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","isp_1":1,"answers":{"isp_1":2}}"#,
            #"{"respondent":"r1","subject":"s1","rater":"peer","strengths":["a"]}"#,
        ]
        let events = try Self.events("p.jsonl", lines.joined(separator: "\n") + "\n")
        let scale = "(expected one of: \(Self.scaleList))"
        #expect(Self.rejected(events).map(\.issue.description) == [
            "p.jsonl:1: not a JSON object (each line must hold one object, like {\"respondent\": ..., \"subject\": ..., \"rater\": ..., \"answers\": {...}})",
            "p.jsonl:2: not valid JSON (each line must hold one JSON object)",
            "p.jsonl:3: missing key 'respondent'",
            "p.jsonl:4: subject is empty",
            "p.jsonl:5: rater group 'boss' is not defined by test-360 (expected one of: self, manager, peer)",
            "p.jsonl:6: rater must be text",
            "p.jsonl:7: unknown key 'isp_7': not an item of test-360 (map survey-tool column names with columns = { items = { ... } } in the instrument, or read past it with columns = { ignore = { ... } })",
            "p.jsonl:8: 'answers' must be an object of answers by item, like {\"q1\": 3}",
            "p.jsonl:9: value '9' is not on the scale of item 'isp_1' \(scale)",
            "p.jsonl:10: value 'true' is not on the scale of item 'isp_1' \(scale)",
            "p.jsonl:11: item 'isp_1' takes one value on its scale, not a list",
            "p.jsonl:12: item 'rank_q' is a ranking: list every option exactly once (missing: c)",
            "p.jsonl:13: item 'pick' takes a list of option ids, like [\"b\", \"a\"] or \"b;a\"",
            "p.jsonl:14: item 'isp_1' is answered twice (as 'isp_1' and 'isp_1')",
            "p.jsonl:15: item 'strengths' is a comment: expected text",
        ])
        #expect(Self.rejected(events)[1].raw == #"{"respondent":"r1","#)
    }

    @Test func jsonLinesInvalidUTF8AndFinalLine() throws {
        var bytes = Array("\u{FEFF}{\"respondent\":\"r1\",\"subject\":\"s1\",\"rater\":\"self\"}\r\n".utf8)
        bytes += Array("{\"respondent\":\"r".utf8) + [0xFF] + Array("\",\"subject\":\"s1\",\"rater\":\"self\"}\r\n".utf8)
        bytes += Array("{\"respondent\":\"r3\",\"subject\":\"s1\",\"rater\":\"self\",\"isp_1\":2}".utf8)
        let url = try Self.write("u.ndjson", bytes)
        defer { Self.remove(url) }
        let events = try Self.events(url)
        #expect(Self.records(events).map(\.respondent) == ["r1", "r3"])
        #expect(Self.records(events).map(\.row) == [1, 3])
        #expect(Self.rejected(events).map(\.issue.description) == ["u.ndjson:2: not valid UTF-8"])
    }

    // MARK: - Streaming

    @Test func streamsLargeFiles() throws {
        var text = Self.header
        for index in 0..<50_000 {
            text += "resp\(index),subj\(index % 97),\(["self", "manager", "peer"][index % 3]),\(index % 4 + 1),NA,\(index % 5 + 1),,,\n"
        }
        let url = try Self.write("big.csv", text)
        defer { Self.remove(url) }
        let reader = try Self.reader(url)
        #expect(reader.totalBytes == text.utf8.count)
        var count = 0
        var lastBytes = reader.bytesRead
        while let event = try reader.next() {
            guard case .record(let record) = event else { Issue.record("unexpected rejection: \(event)"); break }
            #expect(record.row == count + 2)
            if record.answers[0] != .value(Double(count % 4 + 1)) || record.answers[2] != .value(Double(count % 5 + 1)) {
                Issue.record("wrong answers in row \(record.row)")
            }
            #expect(reader.bytesRead >= lastBytes)
            lastBytes = reader.bytesRead
            count += 1
        }
        #expect(count == 50_000)
        #expect(reader.rowsRead == 50_000)
        #expect(reader.bytesRead == reader.totalBytes)
        #expect(try reader.next() == nil)
    }

    @Test func recordsAcrossBufferBoundariesAndLargerThanTheBuffer() throws {
        // Quoted multi-line comments with doubled quotes and CRLF, of varying length, so that records,
        // quotes and line breaks fall on every kind of chunk boundary; then one 3 MiB comment.
        var text = "respondent,subject,rater,isp_1,strengths\r\n"
        var expected: [String] = []
        var line = 2
        var rows: [Int] = []
        for index in 0..<6_000 {
            let comment = String(repeating: "x\"\"y,\r\n", count: index % 60) + "end"
            expected.append(String(repeating: "x\"y,\r\n", count: index % 60) + "end")
            text += "r\(index),s1,peer,\(index % 4 + 1),\"\(comment)\"\r\n"
            rows.append(line)
            line += 1 + index % 60
        }
        let huge = String(repeating: "long comment, ", count: 3 << 20 / 14)
        text += "big,s1,peer,1,\"\(huge)\"\r\nlast,s1,peer,2,\r\n"
        rows += [line, line + 1]
        expected += [huge, ""]
        let events = try Self.events("b.csv", text)
        let records = Self.records(events)
        #expect(Self.rejected(events).isEmpty)
        #expect(records.count == 6_002)
        #expect(records.map(\.row) == rows)
        #expect(records.map { if case .text(let t) = $0.answers[5] { t } else { "" } } == expected)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 16, 31, 64])
    func tinyChunksReadTheSameAsOneChunk(chunk: Int) throws {
        let csv = "\u{FEFF}" + Self.header
            + "r1,s1,peer,3,,,\"b,a,c\",,\"She said \"\"hi\"\",\r\nthen left\rquietly\"\r\n"
            + "\r\n"
            + "r2,s1,Peers, 4 ,often,SA,c;b;a,x,\"\"\"\"\r"
            + "r3,s1,peer,9,,,,,\n"
            + "r4,s1,peer,1,,,,,He said \"no\"\n"
            + "r5,s1,peer,\"2\"x,,,,,\n"
            + "r6,s1,peer,1,2\n"
            + "r7,s1,peer,Not observed,n/a,,,,\"last\""
        let jsonl = "\u{FEFF}{\"respondent\":\"r1\",\"subject\":\"s1\",\"rater\":\"self\",\"answers\":{\"isp_1\":3}}\r\n\n"
            + "{\"respondent\":\"r2\",\"subject\":\"s1\",\"rater\":\"boss\"}\n"
            + "[]\n{\"respondent\":\"r3\",\"subject\":\"s1\",\"rater\":\"peer\",\"isp_2\":\"Often\"}"
        let long = "respondent,subject,rater,item,value\r\nr1,s1,peer,strengths,\"a\r\nb\"\r\nr1,s1,peer,isp_1,3"
        for (name, text) in [("c.csv", csv), ("j.jsonl", jsonl), ("l.csv", long)] {
            let url = try Self.write(name, text)
            defer { Self.remove(url) }
            let instrument = Self.instrument()
            let expected = try Self.events(url)
            #expect(expected.count >= 2)
            let reader = try ResponseReader(url: url, displayName: name, format: nil, instrument: instrument,
                                            layout: ResponseLayout(instrument), chunk: chunk)
            var events: [ResponseEvent] = []
            while let event = try reader.next() { events.append(event) }
            #expect(events == expected, "\(name) read \(chunk) bytes at a time")
            #expect(reader.bytesRead == reader.totalBytes)
        }
    }
}
