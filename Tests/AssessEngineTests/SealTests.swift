@testable import AssessEngine
import AssessModel
import AssessScripting
import Foundation
import LuaRuntime
import Testing

/// Scorer state is sealed after one run of the chunk (tables read-only, module-level locals set
/// back before each subject); a scorer that writes to it is scored with its chunk run afresh. Both
/// ways must give the results of fresh runs.
@Suite("Sealed scorer state")
struct SealTests {
    /// Scores five subjects (s1..s5, one response each) with `plugin`; returns each subject's d1
    /// score and whether the session kept the state sealed.
    func run(_ plugin: String, files: [String: String] = [:], reversed: Bool = false) throws -> (scores: [Double?], sealed: Bool, refusal: String?) {
        var rows = (1...5).map { "r\($0),s\($0),self,\($0),1,1,1,1\n" }
        if reversed { rows.reverse() }
        let csv = "respondent,subject,rater,a1,a2,a3,b1,b2\n" + rows.joined()
        let dir = try scratch(["instrument.lua": smallInstrument, "responses.csv": csv, "plugin.lua": plugin].merging(files) { a, _ in a })
        let loaded = try InstrumentLoader().load(dir.appendingPathComponent("instrument.lua").path)
        let scorer = try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path)
        let output = try ScoreJob(instrument: loaded, plugin: scorer).run(files: [(dir.appendingPathComponent("responses.csv"), "responses.csv")])
        // A session of its own says whether the state could be sealed, and scoring one subject
        // says whether it stayed sealed.
        let group = SubjectGroup(subject: "s1", responses: [ResponseRecord(respondent: "r1", subject: "s1", rater: "self",
            answers: [.value(1), .value(1), .value(1), .value(1), .value(1)], file: "x", row: 2)])
        let (refusal, stillSealed): (String?, Bool) = try LuaThread.shared.run {
            let session = try ScoringSession(plugin: scorer, instrument: loaded.instrument, options: LuaTable(), limits: .default)
            defer { session.close() }
            let refusal = session.sealRefusal
            _ = try session.score(group)
            return (refusal, session.isSealed)
        }
        return (output.subjects.map { $0.dimensions.first?.score }, refusal == nil && stillSealed, refusal)
    }

    func plugin(_ body: String, prelude: String = "") -> String {
        """
        \(prelude)
        return assess.scorer { api = 1, id = "probe", version = "1.0.0",
          score = function(subject, instrument, options)
            \(body)
          end }
        """
    }

    @Test func aModuleLevelLocalIsSetBackBeforeEachSubject() throws {
        let result = try run(plugin("""
            calls = calls + 1
            helper = function() return 100 end
            return { dimensions = { { id = "d1", score = calls + helper() } } }
            """, prelude: "local calls = 0\nlocal helper = function() return 10 end"))
        #expect(result.sealed)
        #expect(result.scores == Array(repeating: 101.0, count: 5))
    }

    @Test func aLocalAssignedOnlyByAFunctionMadeWhileScoringIsSetBackToo() throws {
        // `total` is assigned by closures score makes (one and two levels down), never by score
        // itself: the binary chunk shows it, so it is set back all the same.
        let result = try run(plugin("""
            local function add(n)
              local function deeper() total = total + n end
              deeper()
            end
            add(1)
            return { dimensions = { { id = "d1", score = total } } }
            """, prelude: "local total = 0"))
        #expect(result.sealed)
        #expect(result.scores == Array(repeating: 1.0, count: 5))
    }

    @Test func readingModuleStateWorksLikePlainTables() throws {
        let result = try run(plugin("""
            local n = 0
            for _ in pairs(weights) do n = n + 1 end
            local first = next(weights) ~= nil and 1 or 0
            local same = rawequal(shared.a, shared.b) and 1 or 0
            local cycle = (shared.self == shared) and 1 or 0
            local meta = getmetatable(weights) == nil and 1 or 0
            return { dimensions = { { id = "d1", score = n * 10000 + #list * 1000 + rawlen(list) * 100 + first * 10 + same + cycle + meta + rawget(weights, "x") } } }
            """, prelude: """
            local weights = { x = 1, y = 2, z = 3 }
            local list = { 1, 2, 3, 4 }
            local inner = {}
            local shared = { a = inner, b = inner }
            shared.self = shared
            """))
        #expect(result.sealed)
        #expect(result.scores == Array(repeating: 34414.0, count: 5))
    }

    @Test func writingToModuleStateFallsBackToFreshRuns() throws {
        // Each subject sees only itself, as with a fresh run of the chunk for every subject.
        let cache = try run(plugin("""
            cache[#cache + 1] = subject.id
            return { dimensions = { { id = "d1", score = #cache } } }
            """, prelude: "local cache = {}"))
        #expect(!cache.sealed)
        #expect(cache.scores == Array(repeating: 1.0, count: 5))
        // Caught with pcall: still scored afresh, so the write takes effect as it would there.
        let caught = try run(plugin("""
            pcall(function() box.n = box.n + 1 end)
            return { dimensions = { { id = "d1", score = box.n } } }
            """, prelude: "local box = { n = 0 }"))
        #expect(!caught.sealed)
        #expect(caught.scores == Array(repeating: 1.0, count: 5))
        // A global set while scoring lives for one subject.
        let global = try run(plugin("""
            seen = (seen or 0) + 1
            return { dimensions = { { id = "d1", score = seen } } }
            """))
        #expect(!global.sealed)
        #expect(global.scores == Array(repeating: 1.0, count: 5))
    }

    @Test func theTablesBehindReadOnlyValuesNeverReachAScript() throws {
        // pairs hands out the proxy itself as its state: writing through it is refused.
        let result = try run(plugin("""
            local _, state = pairs(box)
            pcall(function() state.n = state.n + 1 end)
            local _, dims = pairs(instrument.dimensions)
            local changed = pcall(function() dims[1] = false end)
            return { dimensions = { { id = "d1", score = box.n * 10 + (changed and 1 or 0) } } }
            """, prelude: "local box = { n = 0 }"))
        #expect(result.scores == Array(repeating: 10.0, count: 5))
    }

    @Test func aModuleRequiredWhileScoringIsLoadedAfresh() throws {
        let result = try run(plugin("""
            local counter = require "counter"
            counter.n = counter.n + 1
            return { dimensions = { { id = "d1", score = counter.n } } }
            """), files: ["counter.lua": "return { n = 0 }"])
        #expect(!result.sealed)
        #expect(result.scores == Array(repeating: 1.0, count: 5))
    }

    @Test func stateThatCannotBeSealedRunsAfresh() throws {
        let coroutine = try run(plugin("""
            local _, n = coroutine.resume(ticker)
            return { dimensions = { { id = "d1", score = n } } }
            """, prelude: "local ticker = coroutine.create(function() local n = 0 while true do n = n + 1 coroutine.yield(n) end end)"))
        #expect(coroutine.refusal == "a coroutine")
        #expect(coroutine.scores == Array(repeating: 1.0, count: 5))
        let metatable = try run(plugin("""
            counter.n = counter.n + 1
            return { dimensions = { { id = "d1", score = counter.n } } }
            """, prelude: "local counter = setmetatable({ n = 0 }, { __index = function() return 0 end })"))
        #expect(metatable.refusal == "a table with a metatable")
        #expect(metatable.scores == Array(repeating: 1.0, count: 5))
        let iterator = try run(plugin("""
            local word = words()
            return { dimensions = { { id = "d1", score = #word } } }
            """, prelude: "local words = string.gmatch(\"a bb ccc dddd eeeee\", \"%a+\")"))
        #expect(iterator.refusal == "a C function with state")
        #expect(iterator.scores == Array(repeating: 1.0, count: 5))
        let keyed = try run(plugin("""
            seen[key] = (seen[key] or 0) + 1
            return { dimensions = { { id = "d1", score = seen[key] } } }
            """, prelude: "local key = {}\nlocal seen = { [key] = 0 }"))
        #expect(keyed.refusal == "a table or object used as a key")
        #expect(keyed.scores == Array(repeating: 1.0, count: 5))
        let deep = try run(plugin("""
            return { dimensions = { { id = "d1", score = chain.next and depth or 0 } } }
            """, prelude: "local chain = {}\nlocal t = chain\nfor _ = 1, 300 do t.next = {}; t = t.next end\nlocal depth = chain.next and 1 or 0"))
        #expect(deep.refusal == "state nested too deeply")
        #expect(deep.scores == Array(repeating: 1.0, count: 5))
    }

    @Test func prepareRunsOnceAndItsPlanIsReadOnly() throws {
        // The plan holds the instrument's first dimension id and a counter prepare set; score
        // reads both, and a scorer that writes to its plan is scored afresh (prepare then runs for
        // every subject, so the counter always reads 1).
        let reads = try run("""
            local prepared = 0
            return assess.scorer { api = 1, id = "probe", version = "1.0.0",
              prepare = function(instrument, options)
                prepared = prepared + 1
                return { first = instrument.dimensions[1].id, prepared = prepared }
              end,
              score = function(subject, instrument, options, plan)
                return { dimensions = { { id = plan.first, score = plan.prepared } } }
              end }
            """)
        #expect(reads.sealed)
        #expect(reads.scores == Array(repeating: 1.0, count: 5))
        let writes = try run("""
            return assess.scorer { api = 1, id = "probe", version = "1.0.0",
              prepare = function() return { n = 0 } end,
              score = function(subject, instrument, options, plan)
                plan.n = plan.n + 1
                return { dimensions = { { id = "d1", score = plan.n } } }
              end }
            """)
        #expect(!writes.sealed)
        #expect(writes.scores == Array(repeating: 1.0, count: 5))
    }

    @Test func aPrepareThatIsNotAFunctionOrFailsIsReported() throws {
        let dir = try scratch(["instrument.lua": smallInstrument, "plugin.lua": """
            return assess.scorer { api = 1, id = "probe", version = "1.0.0", prepare = 3,
              score = function() return {} end }
            """])
        let refused = #expect(throws: (any Error).self) { try ScorerPlugin.load(dir.appendingPathComponent("plugin.lua").path) }
        #expect(String(describing: refused).contains("prepare must be a function"))
        let failing = #expect(throws: ScriptError.self) {
            try run("""
                return assess.scorer { api = 1, id = "probe", version = "1.0.0",
                  prepare = function() error("no plan today") end,
                  score = function() return {} end }
                """)
        }
        #expect(failing?.message.contains("no plan today") == true)
    }

    @Test func randomNumbersStartAfreshForEverySubject() throws {
        let body = """
            local a, b = math.random(1000), math.random(1000)
            return { dimensions = { { id = "d1", score = a * 1000 + b } } }
            """
        let forward = try run(plugin(body))
        let backward = try run(plugin(body), reversed: true)
        #expect(forward.sealed)
        #expect(Set(forward.scores).count == 1, "every subject draws the same numbers")
        #expect(forward.scores == backward.scores)
    }
}
