import AssessExercises
import AssessModel
import Foundation
import LuaRuntime
import Testing

@Suite("Exercise engine")
struct EngineTests {
    @Test("every kind of prompt runs, and the script gets canonical answers")
    func everyKindRuns() throws {
        let script = try makeScript(everyKind)
        let (ending, frontEnd) = try runScripted(script, everyKindReplies, seed: 42)
        let outcome = try #require(ending.outcome)
        #expect(frontEnd.shown == ["say-1", "judge"])
        #expect(frontEnd.asked == ["ready", "one", "many", "order", "rating", "words", "pause-1"])
        guard case .object(let result) = outcome.result else { Issue.record("result is not an object"); return }
        #expect(result["go"] == .bool(true))
        #expect(result["one"] == .string("y"))
        #expect(result["many"] == .array([.string("a"), .string("c")]))
        #expect(result["order"] == .array([.string("r"), .string("p"), .string("q")]))
        #expect(result["rating"] == .number(4))
        #expect(result["words"] == .string("none"))
        #expect(result["late"] == .bool(true))
        #expect(result["mark"] == .string("unmarked"))
        #expect(result["seed"] == .number(42))
        #expect(result["now"] == .number(fixedStart.timeIntervalSince1970))
        #expect(outcome.records == ["first": .string("y")])
        #expect(outcome.status == .awaitingMarks)
    }

    @Test("the same seed and answers give the same bytes; another seed changes math.random")
    func deterministic() throws {
        let script = try makeScript(everyKind)
        let a = try #require(try runScripted(script, everyKindReplies, seed: 5).0.outcome)
        let b = try #require(try runScripted(script, everyKindReplies, seed: 5).0.outcome)
        let c = try #require(try runScripted(script, everyKindReplies, seed: 6).0.outcome)
        #expect(JSONText.encode(a.json) == JSONText.encode(b.json))
        #expect(JSONText.encode(a.json) != JSONText.encode(c.json))
    }

    @Test("a bad answer is refused and asked again; the attempt goes on")
    func refusedAnswers() throws {
        let script = try makeScript(everyKind)
        var replies = everyKindReplies
        replies.insert(answer(.string("zzz")), at: 1)                              // not an option
        replies.insert(answer(.array([.string("a")])), at: 3)                     // too few
        replies.insert(answer(.array([.string("p"), .string("p"), .string("q")])), at: 5)  // not a permutation
        replies.insert(answer(.number(9)), at: 7)                                  // off the scale
        let (ending, frontEnd) = try runScripted(script, replies)
        #expect(ending.outcome != nil)
        #expect(frontEnd.refusals == [
            "'zzz' is not an option (options: x, y)",
            "choose exactly 2 option(s); 1 given",
            "'p' is ranked twice",
            "9 is outside the scale 1 to 5",
        ])
    }

    @Test("stopping midway, then resuming from the recorded answers, asks only what is left")
    func resumeAsksOnlyTheRest() throws {
        let script = try makeScript(everyKind)
        let (first, _) = try runScripted(script, Array(everyKindReplies.prefix(2)))
        guard case .stopped(let next) = first else { Issue.record("expected a stop"); return }
        #expect(next == "many")
        let recorded: [String: RecordedAnswer] = [
            "ready": RecordedAnswer(value: .bool(true), timedOut: false, at: fixedStart),
            "one": RecordedAnswer(value: .string("y"), timedOut: false, at: fixedStart),
        ]
        let (second, frontEnd) = try runScripted(script, Array(everyKindReplies.dropFirst(2)), seed: 1, recorded: recorded)
        #expect(frontEnd.recalled == ["ready", "one"])
        #expect(frontEnd.asked == ["many", "order", "rating", "words", "pause-1"])
        let whole = try #require(try runScripted(script, everyKindReplies, seed: 1).0.outcome)
        #expect(try #require(second.outcome).json == whole.json)
    }

    @Test("bad ui calls fail at the script's line with a message that says what is wrong", arguments: [
        ("ui.choose { text = \"t\", options = { { id = \"a\", text = \"A\" } } }", "ui.choose needs id = \"...\": a stable id names the answer in transcripts and the store"),
        ("ui.choose { id = \"c\", text = \"t\", max = 3, options = { { id = \"a\", text = \"A\" }, { id = \"b\", text = \"B\" } } }",
         "ui.choose: max = 3 but there are only 2 options: choose 3 of 2 is impossible"),
        ("ui.rank { id = \"r\", text = \"t\", options = { { id = \"a\", text = \"A\" }, { id = \"a\", text = \"B\" } } }", "ui.rank: option id 'a' appears twice"),
        ("ui.rate { id = \"r\", text = \"t\", min = 5, max = 1 }", "ui.rate: min (5) must be less than max (1)"),
        ("ui.text { id = \"t\", text = \"t\", max_lenght = 3 }", "ui.text: unknown field 'max_lenght' (did you mean 'max_length'?)"),
        ("ui.confirm { id = \"c\", text = \"t\", default = true }", "ui.confirm: default is what a timed prompt gives when time runs out: set timeout too"),
        ("ui.assessor { id = \"a\", text = \"t\" }", "ui.assessor needs rubric = { { mark = 0, text = \"...\" }, ... }: the levels an assessor marks against"),
        ("ui.record(\"bad name\", 1)", "ui.record(name, value): name must be a string of letters, digits, '-', '_' or '.'"),
        ("ui.record(\"f\", function() end)", "ui.record('f', ...): the value cannot be stored: functions cannot be stored or returned"),
    ])
    func badCalls(call: String, message: String) throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "bad", version = "1.0.0", title = "Bad",
              run = function(ui, ctx)
                \(call)
              end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(script, []) }
        #expect(error.chunkName == "exercise.lua")
        #expect(error.line == 3)
        #expect(error.message == message)
    }

    @Test("answers are checked against their prompt", arguments: [
        ("{ id = 'q', text = 't', min = 0, options = { { id = 'a', text = 'A' } } }", "choose", "null", "null"),
        ("{ id = 'q', text = 't', options = { { id = 'a', text = 'A' } } }", "choose", "null", "error: expected one option id (a)"),
        ("{ id = 'q', text = 't', min = 0, max = 2, options = { { id = 'a', text = 'A' }, { id = 'b', text = 'B' } } }", "choose", "[]", "[]"),
        ("{ id = 'q', text = 't', max = 2, options = { { id = 'a', text = 'A' }, { id = 'b', text = 'B' } } }", "choose", "[\"b\",\"b\"]", "error: 'b' is chosen twice"),
        ("{ id = 'q', text = 't', options = { { id = 'a', text = 'A' }, { id = 'b', text = 'B' } } }", "rank", "[\"b\"]", "error: a ranking lists every option once (missing: a)"),
        ("{ id = 'q', text = 't', min = 0, max = 10 }", "rate", "2.5", "error: expected a whole number from 0 to 10"),
        ("{ id = 'q', text = 't', max_length = 3 }", "text", "\"abcd\"", "error: at most 3 characters (4 given)"),
        ("{ id = 'q', text = 't' }", "text", "\"\"", "error: an answer is needed"),
        ("{ id = 'q', text = 't', min_length = 0 }", "text", "\"\"", "\"\""),
        ("{ id = 'q', text = 't' }", "confirm", "\"yes\"", "error: expected true or false"),
    ])
    func answerChecks(spec: String, kind: String, answer: String, expected: String) throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "c", version = "1.0.0", title = "C",
              run = function(ui, ctx) ui.\(kind) \(spec.replacingOccurrences(of: "'", with: "\"")) end }
            """)
        final class Catch: FrontEnd {
            var prompt: Prompt?
            func show(_ prompt: Prompt) throws {}
            func ask(_ prompt: Prompt) throws -> Reply { self.prompt = prompt; return .stopped }
            func refuse(_ prompt: Prompt, _ error: AnswerError) throws {}
        }
        let frontEnd = Catch()
        let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: "t", participant: "p", seed: 0, started: fixedStart))
        _ = try LuaThread.shared.run { try runner.run(frontEnd) }
        let prompt = try #require(frontEnd.prompt)
        let outcome: String
        do {
            outcome = JSONText.encode(try AnswerCheck.check(try JSONText.parse(answer), for: prompt))
        } catch let error as AnswerError {
            outcome = "error: " + error.message
        }
        #expect(outcome == expected)
    }

    @Test("a repeated prompt id is refused and names the first use")
    func duplicateID() throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "dup", version = "1.0.0", title = "Dup",
              run = function(ui, ctx)
                for i = 1, 2 do
                  ui.confirm { id = "same", text = "Again?" }
                end
              end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(script, [answer(.bool(true)), answer(.bool(true))]) }
        #expect(error.description == "exercise.lua:4: ui.confirm: id 'same' is already used in this attempt (line 4): each prompt needs its own id (in a loop, add the round to the id)")
    }

    @Test("a runaway step is stopped by the instruction limit, named")
    func runawayStep() throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "loop", version = "1.0.0", title = "Loop",
              run = function(ui, ctx)
                ui.confirm { id = "go", text = "Go?" }
                while true do end
              end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(script, [answer(.bool(true))]) }
        #expect(error.kind == .limit)
        #expect(error.limit == .instructions)
    }

    @Test("a script that shows prompts without end is stopped with a named error")
    func endlessPrompts() throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "e", version = "1.0.0", title = "E",
              run = function(ui, ctx)
                while true do ui.say("again") end
              end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(script, []) }
        #expect(error.description == "exercise.lua:3: ui.say: an attempt may show at most 10000 prompts (is run looping without end?)")
    }

    @Test("a script that yields by itself, or calls ui from its own coroutine, gets a clear error")
    func yieldsAreGuarded() throws {
        let own = try makeScript("""
            return assess.exercise { api = 1, id = "y", version = "1.0.0", title = "Y",
              run = function(ui, ctx) coroutine.yield("sneaky") end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(own, []) }
        #expect(error.message == "run yielded a value itself: coroutine.yield belongs to the ui functions in an exercise")
        #expect(error.chunkName == "exercise.lua")
        #expect(error.line == nil, "no line of the host's driver chunk")
        let nested = try makeScript("""
            return assess.exercise { api = 1, id = "n", version = "1.0.0", title = "N",
              run = function(ui, ctx)
                local co = coroutine.create(function() ui.confirm { id = "c", text = "?" } end)
                local ok, message = coroutine.resume(co)
                error(message, 0)
              end }
            """)
        let nestedError = try #require(throws: ScriptError.self) { try runScripted(nested, []) }
        #expect(nestedError.message.hasSuffix("ui.confirm must be called from run itself, not from a coroutine the script made"))
    }

    @Test("a declaration without run or with a wrong api is refused at its line")
    func declarationProblems() throws {
        let error = try #require(throws: Diagnostics.self) {
            try makeScript("-- comment\nreturn assess.exercise { api = 2, id = \"x\", run = function() end }\n")
        }
        #expect(error.items.map(\.description) == ["exercise.lua:2: api = 2 is not supported: this AssessKit supports api = 1"])
        let missing = try #require(throws: Diagnostics.self) {
            try makeScript("return assess.exercise { api = 1, id = \"x\", version = \"1.0.0\", title = \"X\", runn = 1, run = function() end }\n")
        }
        #expect(missing.items.first?.message.hasPrefix("unknown field 'runn' in the exercise declaration") == true)
    }

    @Test("a result that cannot be stored is an error, not a silent loss")
    func unstorableResult() throws {
        let script = try makeScript("""
            return assess.exercise { api = 1, id = "r", version = "1.0.0", title = "R",
              run = function(ui, ctx) return { f = function() end } end }
            """)
        let error = try #require(throws: ScriptError.self) { try runScripted(script, []) }
        #expect(error.message == "run returned a value that cannot be stored: f: functions cannot be stored or returned")
    }
}
