@testable import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime
import Testing

/// A scorer that reports, per dimension, what the host kernels computed, next to the same figures
/// computed in Lua from `subject.answers`, so a test can compare the two.
private let kernelProbe = """
    local stats = assess.stats
    return assess.scorer { api = 1, id = "kernel-probe", version = "1.0.0",
      score = function(subject, instrument, options)
        local dimensions = {}
        local sums, counts, means = {}, {}, {}
        for _, d in ipairs(instrument.dimensions) do
          local n = stats.response_sums(subject, d.items, instrument, options.value_map, sums, counts, means)
          local figures = {}
          for k = 1, n do
            local s, a, ws, wt = stats.item_sums(subject, d.items, k, instrument, options.value_map)
            -- The same sums in Lua, from the answer columns.
            local ls, la, lws, lwt = 0, 0, 0, 0
            for _, item in ipairs(d.items) do
              local v = subject.answers[item.id][k]
              if type(v) == "number" then
                local scale = instrument.scales[item.scale]
                if item.reverse then v = scale.min + scale.max - v end
                local map_id = item.value_map or options.value_map
                if map_id then v = instrument.value_maps[map_id][v] end
                la, ls, lws, lwt = la + 1, ls + v, lws + v * item.weight, lwt + item.weight
              end
            end
            figures["sum" .. k] = s
            figures["lua_sum" .. k] = ls
            figures["answered" .. k] = a
            figures["lua_answered" .. k] = la
            figures["fill_sum" .. k] = sums[k]
            figures["fill_answered" .. k] = counts[k]
            if a > 0 then
              figures["mean" .. k] = ws / wt
              figures["lua_mean" .. k] = lws / lwt
              figures["fill_mean" .. k] = means[k]
            end
          end
          dimensions[#dimensions + 1] = { id = d.id, stats = figures }
        end
        return { dimensions = dimensions }
      end }
    """

/// One dimension with a reverse-keyed item, a weighted item and a value-mapped item.
private let weightedInstrument = """
    return assess.instrument {
      api = 1, id = "weighted", version = "1.0.0", title = "Weighted",
      scale = assess.scale { id = "five", options = {
        { value = 1, label = "One" }, { value = 2, label = "Two" }, { value = 3, label = "Three" },
        { value = 4, label = "Four" }, { value = 5, label = "Five" }, { label = "Not applicable", na = true } } },
      raters = { { id = "self" } },
      value_maps = { assess.value_map { id = "squash", map = { [1] = 0, [2] = 0.25, [3] = 0.5, [4] = 0.75, [5] = 1 } } },
      dimensions = {
        { id = "d1", title = "D1", items = {
          { id = "a1", text = "A1" }, { id = "a2", text = "A2", reverse = true },
          { id = "a3", text = "A3", weight = 2 }, { id = "a4", text = "A4", value_map = "squash" } } },
      },
      scoring = { plugin = "scale-scores" },
    }
    """

@Suite("Host kernels")
struct KernelTests {
    @Test func kernelsAgreeWithTheSameArithmeticInLua() throws {
        let csv = """
            respondent,subject,rater,a1,a2,a3,a4
            r1,s1,self,4,2,5,3
            r2,s1,self,1,,Not applicable,5
            r3,s1,self,,,,
            r4,s2,self,5,5,1,1

            """
        let output = try score(instrument: weightedInstrument, csv: csv, pluginSource: kernelProbe)
        let s1 = try #require(output.subjects.first { $0.subject == "s1" })
        let stats = s1.dimensions[0].stats
        // Response 1 by hand: 4 + (1 + 5 - 2) + 5 + 0.5 = 13.5 over 4 answers; weighted (4 + 4 + 10 + 0.5) / 5.
        #expect(stats["sum1"] == 13.5)
        #expect(stats["answered1"] == 4)
        #expect(stats["mean1"] == 18.5 / 5)
        // Response 2: 1 + 1 (a4 = 5 maps to 1); a2 blank and a3 not applicable count nowhere.
        #expect(stats["sum2"] == 2)
        #expect(stats["answered2"] == 2)
        #expect(stats["answered3"] == 0)
        for k in 1...3 {
            #expect(stats["sum\(k)"] == stats["lua_sum\(k)"])
            #expect(stats["sum\(k)"] == stats["fill_sum\(k)"])
            #expect(stats["answered\(k)"] == stats["lua_answered\(k)"])
            #expect(stats["answered\(k)"] == stats["fill_answered\(k)"])
            #expect(stats["mean\(k)"] == stats["lua_mean\(k)"])
            #expect(stats["mean\(k)"] == stats["fill_mean\(k)"])
        }
    }

    @Test func aValueMissingFromTheMapIsAnError() throws {
        let plugin = """
            return assess.scorer { api = 1, id = "bad-map", version = "1.0.0",
              score = function(subject, instrument, options)
                assess.stats.item_sums(subject, instrument.dimensions[1].items, 1, instrument, "nowhere")
                return {}
              end }
            """
        #expect {
            _ = try score(instrument: weightedInstrument, csv: "respondent,subject,rater,a1,a2,a3,a4\nr1,s1,self,4,2,5,\n", pluginSource: plugin)
        } throws: { error in
            "\(error)".contains("value map 'nowhere' is not declared by the instrument")
        }
    }

    @Test func itemsWithoutPositionsAndReadOnlyOutputsAreRefused() throws {
        let noPosition = """
            return assess.scorer { api = 1, id = "no-position", version = "1.0.0",
              score = function(subject, instrument, options)
                assess.stats.item_sums(subject, { { id = "a1" } }, 1, instrument)
                return {}
              end }
            """
        let csv = "respondent,subject,rater,a1,a2,a3,a4\nr1,s1,self,4,2,5,1\n"
        #expect {
            _ = try score(instrument: weightedInstrument, csv: csv, pluginSource: noPosition)
        } throws: { error in
            "\(error)".contains("has no answer position")
        }
        let readOnly = """
            return assess.scorer { api = 1, id = "read-only", version = "1.0.0",
              score = function(subject, instrument, options)
                local items = instrument.dimensions[1].items
                assess.stats.response_sums(subject, items, instrument, nil, instrument.dimensions, {}, {})
                return {}
              end }
            """
        #expect {
            _ = try score(instrument: weightedInstrument, csv: csv, pluginSource: readOnly)
        } throws: { error in
            "\(error)".contains("argument 5 is read-only or has a metatable")
        }
    }

    @Test func answersAreMadeFromThePackedFormWhenRead() throws {
        let plugin = """
            return assess.scorer { api = 1, id = "answers", version = "1.0.0",
              score = function(subject, instrument, options)
                local keys = {}
                for key in pairs(subject) do keys[#keys + 1] = key end
                local a = subject.answers
                return { extra = { keys = table.concat(keys, ","), a1 = a.a1, a2 = a.a2, a3 = a.a3 } }
              end }
            """
        let csv = "respondent,subject,rater,a1,a2,a3,a4\nr1,s1,self,4,,Not applicable,1\nr2,s1,self,5,3,2,1\n"
        let output = try score(instrument: weightedInstrument, csv: csv, pluginSource: plugin)
        #expect(output.subjects[0].extra == .object([
            "keys": .string("answers,count,id,packed,raters,respondents"),
            "a1": .array([.number(4), .number(5)]),
            "a2": .array([.bool(false), .number(3)]),
            "a3": .array([.string("na"), .number(2)]),
        ]))
    }
}

@Suite("Fixed-point formatting")
struct FixedFormattingTests {
    @Test func theFastPathPrintsWhatTheExactExpansionSays() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var values: [Double] = [0, -0.0, 0.5, -0.5, 4.76875, 2.00005, 1.99995, 0.00005, -0.00005, 123456.78905, 1e11, 9.99995]
        for _ in 0..<20_000 {
            // Means of small integers (the usual scores), and arbitrary doubles.
            let count = Double(next() % 40 + 1)
            values.append(Double(next() % 400) / count)
            values.append(Double(bitPattern: (next() & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000) * Double(next() % 1000) - 300)
            values.append(Double(next() % 200_000) / 100_000 + 0.00005)  // near ties
        }
        for decimals in [0, 2, 4, 6] {
            for value in values {
                let fast = ScoreWriter.fastFixed(value, decimals: decimals)
                #expect(fast == nil || fast == ScoreWriter.exactFixed(value, decimals: decimals), "\(value) to \(decimals) places")
            }
        }
    }
}

@Suite("Scores spooled to disk")
struct ScoreSpoolTests {
    @Test func theCodecGivesBackWhatItWasGiven() {
        let group = ScoreEntry(id: "peer", score: 3.25, band: nil, answered: 4, reason: nil, stats: ["sd": 0.5], flags: [], groups: [:])
        let scores = SubjectScores(
            subject: "S0001", responses: nil,
            dimensions: [
                ScoreEntry(id: "d1", score: 1.0 / 3, band: "Low", answered: 7, reason: nil, stats: ["sum": 12, "mean": -0.0],
                           flags: ["gap", "blind spot"], groups: ["peer": group]),
                ScoreEntry(id: "d2", score: nil, band: nil, answered: 0, reason: "0 of 5 items answered; at least 1 needed"),
            ],
            overall: ScoreEntry(id: "overall", score: 2.5, answered: -1),
            items: [ScoreEntry(id: "q1", score: 4)],
            extra: .object(["note": .string("é, \"quoted\""), "list": .array([.null, .bool(true), .number(1e-300)])]))
        var bytes: [UInt8] = []
        ScoresCodec.encode(scores, into: &bytes)
        ScoresCodec.encode(SubjectScores(subject: "S0002", responses: 3, dimensions: [], overall: nil, items: [], extra: nil), into: &bytes)
        let first = ScoresCodec.decode(bytes, from: 0)
        #expect(first?.0 == scores)
        let second = first.flatMap { ScoresCodec.decode(bytes, from: $0.1) }
        #expect(second?.0.subject == "S0002")
        #expect(second?.0.responses == 3)
        #expect(second?.1 == bytes.count)
        #expect(ScoresCodec.decode(Array(bytes.prefix(10)), from: 0) == nil, "a record cut short is not decoded")
    }
}

@Suite("Input already grouped by subject")
struct GroupedInputTests {
    /// Three responses per subject for the given subject ids, in the given order.
    func csv(_ subjects: [String]) -> String {
        var rows = ["respondent,subject,rater,a1,a2,a3,b1,b2"]
        for (s, subject) in subjects.enumerated() {
            for (k, rater) in ["peer", "self", "peer"].enumerated() {
                rows.append("r\(s)-\(2 - k),\(subject),\(rater),\((s + k) % 5 + 1),\((s * 2 + k) % 5 + 1),\((s * 3) % 5 + 1),\(k + 1),\(5 - k)")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    func run(_ csv: String, runLimit: Int) throws -> (summary: ScoreSummary, subjects: [SubjectScores]) {
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let plugin = try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: plugin)
        job.runLimit = runLimit
        var sink = CollectingSink()
        let summary = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")], into: &sink)
        return (summary, sink.subjects)
    }

    @Test func sortedInputIsScoredWithoutSortedRuns() throws {
        let input = csv((1...40).map { "s" + String(format: "%02d", $0) })
        let streamed = try run(input, runLimit: 7)
        #expect(streamed.summary.spilledRuns == 0, "grouped input is read again, not spilled")
        let inMemory = try run(input, runLimit: 1_000)
        #expect(streamed.subjects == inMemory.subjects)
        #expect(streamed.subjects.count == 40)
    }

    @Test func stretchesOfSortedSubjectsAreMergedIntoSubjectOrder() throws {
        // s8, s9, then s10, s11: grouped, but "s10" sorts before "s8".
        let ids = (1...30).map { "s\($0)" }
        let streamed = try run(csv(ids), runLimit: 7)
        #expect(streamed.summary.spilledRuns == 0)
        let inMemory = try run(csv(ids), runLimit: 1_000)
        #expect(streamed.subjects == inMemory.subjects)
        #expect(streamed.subjects.map(\.subject) == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// A writer that is only a ``ScoreSink``, so the spool keeps scores, not finished output.
    struct PlainSink: ScoreSink {
        var stream: ScoreWriter.Stream
        mutating func begin(_ provenance: Provenance) throws { try stream.begin(provenance) }
        mutating func subject(_ scores: SubjectScores) throws { try stream.subject(scores) }
    }

    @Test(arguments: ScoreFormat.allCases)
    func outputMadeOnTheWorkersIsTheSameBytes(format: ScoreFormat) throws {
        let ids = (1...30).map { "s\($0)" }
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv(ids)])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let plugin = try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: plugin)
        job.runLimit = 7
        let files = [(dir.appendingPathComponent("responses.csv"), "responses.csv")]
        let writer = ScoreWriter(format: format)
        var rendered = Data(), plain = Data(), whole = Data()
        var renderingSink = writer.stream { rendered.append($0) }
        _ = try job.run(files: files, into: &renderingSink)
        try renderingSink.finish()
        var plainSink = PlainSink(stream: writer.stream { plain.append($0) })
        _ = try job.run(files: files, into: &plainSink)
        try plainSink.stream.finish()
        job.runLimit = 1_000
        var memorySink = writer.stream { whole.append($0) }
        _ = try job.run(files: files, into: &memorySink)
        try memorySink.finish()
        #expect(!rendered.isEmpty)
        #expect(rendered == plain)
        #expect(rendered == whole)
    }

    @Test func aSubjectInTwoStretchesFallsBackToSortedRuns() throws {
        // s05 comes back after the order broke: not grouped after all.
        let ids = (1...20).map { "s" + String(format: "%02d", $0) } + ["s01", "s05"] + (21...25).map { "s\($0)" }
        let input = csv(ids)
        let fallback = try run(input, runLimit: 7)
        #expect(fallback.summary.spilledRuns > 0, "grouped through sorted runs after all")
        let inMemory = try run(input, runLimit: 1_000)
        #expect(fallback.subjects == inMemory.subjects)
        #expect(fallback.subjects.count == 25)
    }

    @Test func invalidRowsStillWinOverAScorerThatFailsWhileRowsAreRead() throws {
        let ids = (1...40).map { "s" + String(format: "%02d", $0) }
        let failing = """
            return assess.scorer { api = 1, id = "fails", version = "1.0.0",
              score = function(subject) if subject.id == "s05" then error("cannot score s05") end return {} end }
            """
        func attempt(_ csv: String) throws {
            let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv, "plugin.lua": failing])
            let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
            var job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path))
            job.runLimit = 7
            var sink = CollectingSink()
            _ = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")], into: &sink)
        }
        #expect { try attempt(csv(ids) + "late,s99,self,9,1,1,1,1\n") } throws: { error in
            (error as? ImportIssues)?.issues.map(\.row) == [122]
        }
        #expect { try attempt(csv(ids)) } throws: { error in
            "\(error)".contains("cannot score s05")
        }
    }

    @Test func tooManyStretchesFallBackToSortedRuns() throws {
        // Every subject below the one before: 80 stretches, more than the grouper follows.
        let ids = (1...80).reversed().map { "s" + String(format: "%02d", $0) }
        let fallback = try run(csv(ids), runLimit: 7)
        #expect(fallback.summary.spilledRuns > 0)
        #expect(fallback.subjects == (try run(csv(ids), runLimit: 1_000)).subjects)
        #expect(fallback.subjects.map(\.subject) == ids.reversed())
    }

    @Test func orderBreakingLateFallsBackToSortedRuns() throws {
        let ids = (1...60).map { "s" + String(format: "%03d", $0) }
        var rows = csv(ids).split(separator: "\n").map(String.init)
        // Move subject s002's last row to the very end.
        let moved = rows.remove(at: 6)
        rows.append(moved)
        let input = rows.joined(separator: "\n") + "\n"
        let fallback = try run(input, runLimit: 7)
        #expect(fallback.summary.spilledRuns > 0)
        #expect(fallback.subjects == (try run(input, runLimit: 1_000)).subjects)
    }
}

@Suite("Results read in place")
struct FastResultReaderTests {
    /// Each script returns a result; the in-place reader must agree with the copying one or step aside.
    static let results: [(script: String, fast: Bool)] = [
        ("return { dimensions = { { id = 'd1', score = 3, answered = 4, band = 'High', stats = { sum = 12, mean = 3.0 } }, "
            + "{ id = 'd2', reason = 'none answered', answered = 0 } }, overall = { score = 2.5, flags = { 'a', 'b' } } }", true),
        ("return { dimensions = { { id = 'd1', score = 1.5, groups = { self = { score = 2 }, peer = { score = 1, answered = 3 } } } } }", true),
        ("return { items = { { id = 'a1', score = 4 } }, dimensions = {} }", true),
        ("return {}", true),
        ("return { dimensions = { { id = 'd1', score = 2 } }, extra = { note = 'kept', n = 3, ok = true, no = false, x = 0.5 } }", true),
        ("return { dimensions = { { id = 'd1', score = 2 } }, extra = { nested = { 1, 2 } } }", false),
        ("return { dimensions = { { id = 'd1', score = 2 } }, extra = { 1, 2 } }", false),
        ("return { dimensions = { { id = 'd1', answered = 3.0, score = 2 } }, overall = { id = 'total', score = 1 } }", true),
        ("return { dimensions = { { id = 'd1', groups = { all_others = { score = 2, groups = { self = { score = 1 } } } } } } }", true),
        ("return { dimensions = { { id = 'd1', band = 'caf\\xC3\\xA9' } } }", true),
        ("return { dimensions = { { id = 'd1', band = 'bad \\xFF byte' } } }", false),
        ("return { dimensions = { { id = 'd1', band = 4 } } }", false),
        ("return { dimensions = { { id = 'd1', score = '3' } } }", false),
        ("return { dimensions = { { id = 'd1', stats = { sum = 'x' } } } }", false),
        ("return { dimensions = { { id = 'd1', stats = { [1] = 2 } } } }", false),
        ("return { dimensions = { { id = 'd1', flags = { 'a', 2 } } } }", false),
        ("return { dimensions = { setmetatable({ id = 'd1' }, {}) } }", false),
        ("return { dimensions = { { id = 'd1', score = 1/0 } } }", false),
        ("return { dimensions = { { score = 1 } } }", false),
        ("return { overall = { score = 1 }, [1] = 'stray' }", false),
        ("return { dimensions = { { id = 'd1', score = 2, colour = 'red' } } }", false),
        ("return { dimensions = { { id = 'zz', score = 2 } } }", false),
        ("return { dimensions = { { id = 'd1' }, { id = 'd1' } } }", false),
        ("return { dimensions = { { id = 'd1', score = 0/0 } } }", false),
        ("return { dimensions = { [1] = { id = 'd1' }, [3] = { id = 'd2' } } }", false),
        ("return { dimensions = { { id = 'd1', answered = 2.5 } } }", false),
        ("return { dimensions = { { id = 'd1', groups = { nobody = { score = 1 } } } } }", false),
        ("return { dimensions = { { id = 'd1', flags = 'not a list' } } }", false),
        ("return setmetatable({}, { __index = function() return 1 end })", false),
        ("return 42", false),
    ]

    @Test func capturedResultsAgreeWithCopying() throws {
        let dir = try scratch(["instrument.lua": smallInstrument])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let reader = ResultReader(instrument: loaded.instrument)
        let group = SubjectGroup(subject: "s1", responses: [])
        func list(_ names: [String]) -> LuaValue { .table(LuaTable(array: names.map { .string(LuaString($0)) })) }
        try LuaThread.shared.run {
            let sandbox = try LuaSandbox()
            defer { sandbox.close() }
            let wrap = try sandbox.run("""
                local make, dimensions, items, groups = ...
                local capture = make(dimensions, items, groups)
                return function(f) local result = f(); return capture(result), result end
                """, chunkName: "wrap", arguments: [.function(try sandbox.kernel(.makeCapture)), list(reader.dimensionNames), list(reader.itemNames),
                                 list(loaded.instrument.raters.map(\.id) + ["all_others"])])
            guard let wrapper = wrap.first?.functionValue else { Issue.record("no wrapper"); return }
            for (script, expectCaptured) in Self.results {
                let function = try sandbox.load(script, chunkName: "result.lua")
                sandbox.resetBatch()
                let values = try sandbox.call(wrapper, [.function(function)])
                let careful = Result { try reader.read(values.count > 1 ? values[1] : .nil, group: group, plugin: "p") }
                try sandbox.withResultTape { tape in
                    var offset = 0
                    let captured = try reader.decode(tape, at: &offset, group: group)
                    #expect(values.first == .boolean(expectCaptured), "\(script)")
                    #expect((captured != nil) == expectCaptured, "\(script)")
                    #expect(offset == tape.count, "\(script): the tape holds one subject")
                    if let captured { #expect((try? careful.get()) == captured, "\(script)") }
                }
            }
        }
    }
}

@Suite("Output budget per subject")
struct OutputBudgetTests {
    @Test func largeSubjectsAreScoredAFewAtATime() throws {
        // 3,000 responses a subject: one fits an 8 MiB sandbox, a call of 64 would not.
        var csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n"
        for s in 1...40 {
            for r in 1...3_000 { csv += "r\(s)-\(r),s\(String(format: "%02d", s)),peer,\(r % 5 + 1),2,3,4,5\n" }
        }
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(packageRoot.appendingPathComponent("Plugins/scoring/scale-scores.lua").path))
        job.jobs = 1
        job.limits.memoryBytes = 8 << 20
        let output = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        #expect(output.subjects.count == 40)
        #expect(output.subjects.allSatisfy { $0.dimensions.first?.score != nil })
    }

    @Test func largeResultsTakeMoreCallsNotMoreMemory() throws {
        // 600 KiB of reason per subject: a call of 64 subjects ends when its result tape passes
        // 32 MiB (at the 55th), and the rest goes in the next call, each subject scored once, in
        // order. (So no batch's tape nears its 256 MiB cap, however large each result is.)
        let plugin = """
            return assess.scorer { api = 1, id = "wordy", version = "1.0.0",
              score = function(subject, instrument)
                return { dimensions = { { id = "d1", reason = subject.id .. string.rep("x", 614400) } } }
              end }
            """
        var csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n"
        for s in 1...70 { csv += "r\(s),s\(String(format: "%03d", s)),self,1,2,3,4,5\n" }
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv, "plugin.lua": plugin])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path))
        job.jobs = 1
        let output = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        #expect(output.subjects.map(\.subject) == (1...70).map { "s" + String(format: "%03d", $0) })
        #expect(output.subjects.allSatisfy { $0.dimensions.first?.reason == $0.subject + String(repeating: "x", count: 614_400) })
    }

    @Test func eachSubjectGetsTheWholeOutputLimit() throws {
        // 600 bytes of reason per subject, 20 subjects, a 1 KiB limit: fine per subject, not in sum.
        let plugin = """
            return assess.scorer { api = 1, id = "wordy", version = "1.0.0",
              score = function(subject, instrument)
                return { dimensions = { { id = "d1", reason = string.rep("x", 600) } } }
              end }
            """
        var csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n"
        for s in 1...20 { csv += "r\(s),s\(String(format: "%02d", s)),self,1,2,3,4,5\n" }
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv, "plugin.lua": plugin])
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        var job = ScoreJob(instrument: loaded, plugin: try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path))
        job.limits.outputBytes = 1024
        let output = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        #expect(output.subjects.count == 20)
        #expect(output.subjects.allSatisfy { $0.dimensions.first?.reason?.count == 600 })
        // One subject over the limit still stops the job, naming the limit.
        job.limits.outputBytes = 500
        #expect {
            _ = try job.run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        } throws: { error in
            "\(error)".contains("output limit exceeded")
        }
    }
}
