import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A scratch folder with files.
func scratch(_ files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("score-\(UUID().uuidString)")
    for (name, text) in files {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
    return url
}

/// Two dimensions on a 1-5 scale with a not-applicable option; a3 is reverse-keyed.
let smallInstrument = """
    return assess.instrument {
      api = 1, id = "small", version = "1.0.0", title = "Small",
      scale = assess.scale { id = "five", options = {
        { value = 1, label = "One" }, { value = 2, label = "Two" }, { value = 3, label = "Three" },
        { value = 4, label = "Four" }, { value = 5, label = "Five" }, { label = "Not applicable", na = true } } },
      raters = { { id = "self" }, { id = "peer", min = 1 } },
      dimensions = {
        { id = "d1", title = "D1", items = { { id = "a1", text = "A1" }, { id = "a2", text = "A2" }, { id = "a3", text = "A3", reverse = true } } },
        { id = "d2", title = "D2", items = { { id = "b1", text = "B1" }, { id = "b2", text = "B2" } } },
      },
      bands = assess.bands { { from = 1, label = "Low" }, { from = 3, label = "High" } },
      scoring = { plugin = "scale-scores", options = { minimum_answered = 2 } },
    }
    """

func score(instrument: String = smallInstrument, csv: String, pluginSource: String? = nil,
           policy: InvalidRowPolicy = .fail) throws -> ScoreOutput {
    var files = ["instrument.lua": instrument, "responses.csv": csv]
    if let pluginSource { files["plugin.lua"] = pluginSource }
    let dir = try scratch(files)
    let loaded = try InstrumentLoader(library: InstrumentLibrary(roots: [packageRoot.appendingPathComponent("Instruments")]))
        .load(dir.appendingPathComponent("instrument.lua").path)
    let plugin = try ScorerPlugin.load(pluginSource == nil ? packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path
                                                             : dir.appendingPathComponent("plugin.lua").path)
    let job = ScoreJob(instrument: loaded, plugin: plugin, onInvalid: policy)
    return try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
}

@Suite("scale-scores, by hand")
struct ScaleScoresTests {
    let csv = """
        respondent,subject,rater,a1,a2,a3,b1,b2
        r1,s1,self,4,5,2,3,Not applicable
        r2,s2,self,1,2,5,2,4
        r3,s2,peer,3,3,3,5,5

        """

    @Test func meansReverseKeyingNotApplicableAndMinimumAnswered() throws {
        let output = try score(csv: csv)
        #expect(output.subjects.map(\.subject) == ["s1", "s2"])
        let s1 = output.subjects[0]
        // d1: 4, 5 and reverse(2) = 1 + 5 - 2 = 4 -> 13 / 3.
        #expect(abs(s1.dimensions[0].score! - 13.0 / 3) < 1e-12)
        #expect(s1.dimensions[0].band == "High")
        #expect(s1.dimensions[0].answered == 3)
        // d2: b2 is not applicable, so 1 answered < 2 needed: no score, and why.
        #expect(s1.dimensions[1].score == nil)
        #expect(s1.dimensions[1].reason == "1 of 2 items answered; at least 2 needed")
        #expect(abs(s1.overall!.score! - 13.0 / 3) < 1e-12, "overall: the mean of the scored dimensions")
        let s2 = output.subjects[1]
        // r2: d1 = (1 + 2 + 1) / 3, d2 = 3; r3: d1 = 3, d2 = 5; the subject: the mean of its responses.
        #expect(abs(s2.dimensions[0].score! - (4.0 / 3 + 3) / 2) < 1e-12)
        #expect(s2.dimensions[0].band == "Low")
        #expect(abs(s2.dimensions[1].score! - 4) < 1e-12)
        #expect(abs(s2.overall!.score! - ((4.0 / 3 + 3) / 2 + 4) / 2) < 1e-12)
        #expect(s2.responses == nil, "with rater groups the host gives no raw counts: the scorer decides what is shown")
    }

    @Test func sumsProratedValueMapsConversionAndWeights() throws {
        let instrument = smallInstrument
            .replacingOccurrences(of: "options = { minimum_answered = 2 }", with: "options = { aggregate = \"prorated\", value_map = \"ten\" }")
            .replacingOccurrences(of: "bands = assess.bands", with: "value_maps = { assess.value_map { id = \"ten\", map = { [1] = 0, [2] = 2.5, [3] = 5, [4] = 7.5, [5] = 10 } } },\n  bands = assess.bands")
        let output = try score(instrument: instrument, csv: "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,4,5,,1,Not applicable\n")
        // d1: a1 = 4 -> 7.5, a2 = 5 -> 10, a3 blank: mean 8.75, prorated over 3 items = 26.25.
        #expect(output.subjects[0].dimensions[0].score == 26.25)
        #expect(output.subjects[0].dimensions[0].stats["sum"] == 17.5)
        // d2: b1 = 1 -> 0; prorated over 2 items = 0.
        #expect(output.subjects[0].dimensions[1].score == 0)
    }

    @Test func resultsDoNotDependOnRowOrder() throws {
        let rows = csv.split(separator: "\n").map(String.init)
        let shuffled = ([rows[0]] + rows[1...].reversed()).joined(separator: "\n") + "\n"
        let writer = ScoreWriter(format: .json)
        var a = try score(csv: csv), b = try score(csv: shuffled)
        a.provenance.inputs = []
        b.provenance.inputs = []
        #expect(try writer.render(a) == writer.render(b))
    }

    @Test func outputIsDeterministicAndRoundedOnlyWhenWritten() throws {
        let output = try score(csv: csv)
        let csvText = String(decoding: try ScoreWriter(format: .csv).render(output), as: UTF8.self)
        #expect(csvText.contains("s1,d1,4.3333,High,3,,,small,1.0.0,scale-scores,1.0.0\n"))
        #expect(csvText.contains("s1,d2,,,1,1 of 2 items answered; at least 2 needed,,small,1.0.0,scale-scores,1.0.0\n"))
        #expect(try ScoreWriter(format: .json).render(output) == ScoreWriter(format: .json).render(output))
        #expect(ScoreWriter(format: .csv, decimals: 2).number(2.345) == "2.35")
        #expect(ScoreWriter(format: .csv, decimals: 2).number(-2.345) == "-2.35")
    }

    @Test func provenanceNamesEverythingThatWentIn() throws {
        let p = try score(csv: csv).provenance
        #expect(p.instrument == "small" && p.instrumentVersion == "1.0.0")
        #expect(p.scorer == "scale-scores" && p.scorerVersion == "1.0.0")
        #expect(p.instrumentHash.hasPrefix("sha256:") && p.instrumentHash.count == 71)
        #expect(p.scorerHash.hasPrefix("sha256:"))
        #expect(p.inputs.map(\.file) == ["responses.csv"])
        #expect(p.apiVersion == "1.0")
        if case .object(let options) = p.options { #expect(options["minimum_answered"] == .number(2)) } else { Issue.record("options") }
    }
}

@Suite("Subjects are scored independently")
struct IsolationTests {
    /// A scorer that tries every way to carry state from one subject to the next.
    let leaky = """
        local helper = require "helper"
        local seen = 0
        return assess.scorer {
          api = 1, id = "leaky", version = "1.0.0",
          score = function(subject, instrument, options)
            seen = seen + 1                                   -- an upvalue
            counter = (counter or 0) + 1                      -- a global
            _G.total = (_G.total or 0) + 1                    -- through _G
            helper.calls = helper.calls + 1                   -- module state
            local ok = pcall(function() instrument.dimensions[1].id = "x" end)   -- shared input
            local n = seen + counter + total + helper.calls + (ok and 100 or 0)
            return { dimensions = { { id = "d1", score = n } } }
          end,
        }
        """

    @Test func noStateSurvivesFromOneSubjectToTheNext() throws {
        var csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n"
        for i in 1...5 { csv += "r\(i),s\(i),self,1,1,1,1,1\n" }
        let dir = try scratch(["helper.lua": "return { calls = 0 }"])
        let plugin = leaky.replacingOccurrences(of: "require \"helper\"", with: "require \"helper\"")
        // The helper module sits beside the plugin.
        let output = try scoreWithHelper(csv: csv, plugin: plugin, helperDir: dir)
        #expect(output.subjects.map { $0.dimensions[0].score } == Array(repeating: 4.0, count: 5),
                "each subject sees 1 + 1 + 1 + 1: nothing carried over, and the instrument is read-only")
    }

    func scoreWithHelper(csv: String, plugin: String, helperDir: URL) throws -> ScoreOutput {
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv, "plugin.lua": plugin, "helper.lua": "return { calls = 0 }"])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path))
        return try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
    }
}

@Suite("Invalid rows and duplicates")
struct InvalidRowTests {
    @Test func failPolicyReportsEveryRowAndWritesNothing() throws {
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,4,9,2,3,3\nr2,s2,boss,1,1,1,1,1\nr3,s3,self,1,1,1,1,1\n"
        let issues = try #require(throws: ImportIssues.self) { try score(csv: csv) }
        #expect(issues.issues.count == 2)
        #expect(issues.issues[0].row == 2 && issues.issues[0].column == 5)
        #expect(issues.issues[1].row == 3 && issues.issues[1].column == 3)
    }

    @Test func skipPolicyScoresTheRestAndKeepsTheRejects() throws {
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,4,9,2,3,3\nr3,s3,self,1,1,1,1,1\nr3,s3,self,2,2,2,2,2\n"
        let output = try score(csv: csv, policy: .skip)
        #expect(output.subjects.map(\.subject) == ["s3"])
        #expect(output.rejected.count == 2)
        #expect(output.rejected[0].issue.row == 2)
        #expect(output.rejected[1].issue.row == 4)
        #expect(output.rejected[1].issue.message.hasPrefix("duplicate response: respondent 'r3' already responded about subject 's3' as 'self'"))
    }
}

@Suite("Grouping with bounded memory")
struct GroupingTests {
    @Test func spilledRunsGiveTheSameResultsAsMemory() throws {
        // 30 subjects, 3 responses each, rows in a scrambled order, one long-format style split.
        var rows: [String] = []
        for s in 1...30 {
            for (k, rater) in ["self", "peer", "peer"].enumerated() {
                rows.append("r\(s)-\(k),s\(String(format: "%02d", s)),\(rater),\((s + k) % 5 + 1),\((s * 2 + k) % 5 + 1),\((s * 3) % 5 + 1),\(k + 1),\(5 - k)")
            }
        }
        var scrambled: [String] = []
        for i in 0..<rows.count { scrambled.append(rows[(i * 37) % rows.count]) }
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n" + scrambled.joined(separator: "\n") + "\n"
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let plugin = try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path)
        let files = [(dir.appendingPathComponent("responses.csv"), "responses.csv")]
        var small = ScoreJob(instrument: loaded, plugin: plugin)
        small.runLimit = 7
        var spilled = CollectingSink()
        let summary = try small.run(files: files, into: &spilled)
        #expect(summary.spilledRuns == 13, "90 records in runs of 7")
        let inMemory = try ScoreJob(instrument: loaded, plugin: plugin).run(files: files)
        #expect(spilled.subjects == inMemory.subjects)
        #expect(spilled.subjects.map(\.subject) == (1...30).map { "s" + String(format: "%02d", $0) })
    }

    @Test func duplicatesAreFoundAcrossRuns() throws {
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,1,1,1,1,1\nr2,s2,self,2,2,2,2,2\nr3,s3,self,3,3,3,3,3\nr1,s1,self,4,4,4,4,4\n"
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path),
                           onInvalid: .skip)
        job.runLimit = 2
        let output = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        #expect(output.rejected.map(\.issue.row) == [5])
        #expect(output.subjects.map(\.subject) == ["s1", "s2", "s3"])
        #expect(abs(output.subjects[0].dimensions[0].score! - 7.0 / 3) < 1e-12, "the first response is kept: (1 + 1 + reverse(1) = 5) / 3")
    }
}

@Suite("Parallel scoring")
struct ParallelScoringTests {
    @Test func sameBytesOnOneOrSeveralThreads() throws {
        var csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n"
        for s in 1...700 { csv += "r\(s),s\(s),self,\(s % 5 + 1),\((s / 3) % 5 + 1),\((s / 7) % 5 + 1),\(s % 4 + 1),\(s % 3 + 1)\n" }
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let plugin = try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path)
        let files = [(dir.appendingPathComponent("responses.csv"), "responses.csv")]
        var one = ScoreJob(instrument: loaded, plugin: plugin)
        one.jobs = 1
        var three = ScoreJob(instrument: loaded, plugin: plugin)
        three.jobs = 3
        let writer = ScoreWriter(format: .json)
        #expect(try writer.render(one.run(files: files)) == writer.render(three.run(files: files)))
    }
}

@Suite("Required items")
struct RequiredItemTests {
    @Test func aResponseMissingARequiredAnswerIsRejected() throws {
        let instrument = smallInstrument.replacingOccurrences(of: "{ id = \"a1\", text = \"A1\" }", with: "{ id = \"a1\", text = \"A1\", required = true }")
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,,2,3,4,5\nr2,s2,self,1,2,3,4,5\n"
        let output = try score(instrument: instrument, csv: csv, policy: .skip)
        #expect(output.subjects.map(\.subject) == ["s2"])
        #expect(output.rejected.map(\.issue.description) == ["responses.csv:2: required item 'a1' is not answered"])
        #expect(throws: ImportIssues.self) { try score(instrument: instrument, csv: csv) }
    }
}

@Suite("Rounding at output")
struct RoundingTests {
    @Test("half away from zero, on the exact value of the double", arguments: [
        (4.76875, 4, "4.7687"),        // stored as 4.76874999999999982236431605997495353221893310546875
        (2.345, 2, "2.35"),            // stored as 2.3450000000000001953992523...
        (-2.345, 2, "-2.35"),
        (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"), (-0.5, 0, "-1"),
        (0.125, 2, "0.13"),            // exactly representable: a true half, away from zero
        (9.99995, 4, "10.0000"),       // stored as 9.99995000000000011652...: carries into the units
        (9.99994999, 4, "9.9999"),
        (-0.00001, 4, "0.0000"),       // no negative zero
        (3.0, 4, "3.0000"),
    ])
    func rounding(_ x: Double, _ decimals: Int, _ expected: String) {
        #expect(ScoreWriter(format: .csv, decimals: decimals).number(x) == expected)
    }
}

@Suite("Plugin declarations")
struct PluginDeclarationTests {
    func diagnostics(_ load: (String) throws -> Void, _ source: String) throws -> [String] {
        let dir = try scratch(["plugin.lua": source])
        do {
            try load(dir.appendingPathComponent("plugin.lua").path)
            return []
        } catch let diagnostics as Diagnostics {
            return diagnostics.items.map { $0.description.replacingOccurrences(of: dir.path + "/", with: "") }
        }
    }

    @Test func scorerMistakesAreLocated() throws {
        let load: (String) throws -> Void = { _ = try ScorerPlugin.load($0) }
        let missing = try diagnostics(load, "local x = 1\nreturn assess.scorer { api = 1, id = \"x\", version = \"1.0.0\" }\n")
        #expect(missing.count == 1 && missing[0].hasSuffix("plugin.lua:2: the scorer needs score = function(subject, instrument, options) ... end"), "\(missing)")
        let unknown = try diagnostics(load, "return assess.scorer { api = 1, id = \"x\", version = \"1.0.0\", score = function() end, colour = 1 }\n")
        #expect(unknown.count == 1 && unknown[0].hasSuffix("plugin.lua: unknown field 'colour' in the scorer declaration"), "\(unknown)")
        let wrongKind = try diagnostics(load, "return { }\n")
        #expect(wrongKind.count == 1 && wrongKind[0].hasSuffix("a scorer script must end with: return assess.scorer { ... }"), "\(wrongKind)")
    }

    @Test func cohortMistakesAreLocated() throws {
        let load: (String) throws -> Void = { _ = try CohortPlugin.load($0) }
        let missing = try diagnostics(load, "\nreturn assess.cohort { api = 1, id = \"c\", version = \"1.0.0\" }\n")
        #expect(missing.count == 1 && missing[0].hasSuffix("plugin.lua:2: the cohort plugin needs summarise = function(subjects, instrument, options) ... end"), "\(missing)")
        let api = try diagnostics(load, "return assess.cohort { api = 2, id = \"c\", version = \"1.0.0\", summarise = function() end }\n")
        #expect(api.count == 1 && api[0].hasSuffix("plugin.lua:1: api = 2 is not supported: this AssessKit supports api = 1"), "\(api)")
    }
}

@Suite("Columns the instrument reads past")
struct IgnoredColumnTests {
    static let instrument = smallInstrument.replacingOccurrences(
        of: "scoring = {", with: "columns = { ignore = { \"Start time\", \"ip\" } },\n      scoring = {")

    @Test("a survey tool's own columns and keys, named in columns.ignore, are read past in wide CSV and JSON Lines")
    func ignored() throws {
        let output = try score(instrument: Self.instrument, csv: """
            Start time,respondent,subject,rater,a1,a2,a3,b1,b2,ip
            2026-11-30 09:00,r1,s1,self,4,5,2,3,3,10.0.0.1
            """)
        #expect(output.subjects.map(\.subject) == ["s1"])
        #expect(abs(output.subjects[0].dimensions[0].score! - 13.0 / 3) < 1e-12)

        let folder = try scratch(["instrument.lua": Self.instrument,
                                  "responses.jsonl": #"{"respondent": "r1", "subject": "s1", "rater": "self", "ip": "10.0.0.1", "a1": 4, "a2": 5, "a3": 2}"# + "\n"])
        let loaded = try InstrumentLoader().load(file: folder.appendingPathComponent("instrument.lua"), displayName: "instrument.lua")
        let job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path))
        let fromJSON = try job.run(files: [(folder.appendingPathComponent("responses.jsonl"), "responses.jsonl")])
        #expect(abs(fromJSON.subjects[0].dimensions[0].score! - 13.0 / 3) < 1e-12)
    }

    @Test("an unknown column still fails and says how to read past it; ignoring a column the instrument reads is refused")
    func stillStrict() throws {
        #expect(throws: ImportIssues.self) {
            _ = try score(instrument: Self.instrument, csv: "respondent,subject,rater,a1,Finished\nr1,s1,self,4,yes\n")
        }
        do {
            _ = try score(instrument: Self.instrument, csv: "respondent,subject,rater,a1,Finished\nr1,s1,self,4,yes\n")
        } catch let issues as ImportIssues {
            #expect(issues.description.contains("or read past it with columns = { ignore = { ... } }"), "\(issues)")
        } catch let issue as ImportIssue {
            #expect(issue.description.contains("or read past it with columns = { ignore = { ... } }"), "\(issue)")
        }
        let bad = smallInstrument.replacingOccurrences(of: "scoring = {", with: "columns = { ignore = { \"a1\" } },\n      scoring = {")
        let folder = try scratch(["instrument.lua": bad])
        #expect(throws: Diagnostics.self) {
            _ = try InstrumentLoader().load(file: folder.appendingPathComponent("instrument.lua"), displayName: "instrument.lua")
        }
    }
}

@Suite("Scoring from a Lua thread")
struct ScoreJobThreadTests {
    @Test("ScoreJob.run on a Lua thread is refused with a message instead of waiting for itself")
    func refusedOnLuaThread() throws {
        let folder = try scratch(["instrument.lua": smallInstrument, "responses.csv": "respondent,subject,rater,a1,a2,a3,b1,b2\nr1,s1,self,4,5,2,3,3\n"])
        let loaded = try InstrumentLoader().load(file: folder.appendingPathComponent("instrument.lua"), displayName: "instrument.lua")
        let job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path))
        let files = [(folder.appendingPathComponent("responses.csv"), "responses.csv")]
        let message: String = try LuaThread.worker(7).run {
            do {
                _ = try job.run(files: files)
                return "no error"
            } catch let error as ScoringError {
                return error.message
            }
        }
        #expect(message.contains("called on a Lua thread"), "\(message)")
        #expect(try job.run(files: files).subjects.count == 1, "and from any other thread it runs")
    }
}
