import AssessExercises
import AssessModel
import Foundation
import LuaRuntime

/// Writes an exercise script into a new temporary folder and loads it.
func makeScript(_ source: String, name: String = "exercise.lua") throws -> ExerciseScript {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assess-exercise-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent(name)
    try Data(source.utf8).write(to: file)
    return try ExerciseScript.load(file.path, displayName: name)
}

/// Answers prompts from a list, in order; stops when the list runs out.
final class ScriptedFrontEnd: FrontEnd {
    var replies: [Reply]
    var asked: [String] = []
    var shown: [String] = []
    var recalled: [String] = []
    var refusals: [String] = []

    init(_ replies: [Reply]) { self.replies = replies }

    func show(_ prompt: Prompt) throws { shown.append(prompt.id) }
    func recall(_ prompt: Prompt, answer: RecordedAnswer) throws { recalled.append(prompt.id) }
    func ask(_ prompt: Prompt) throws -> Reply {
        asked.append(prompt.id)
        return replies.isEmpty ? .stopped : replies.removeFirst()
    }
    func refuse(_ prompt: Prompt, _ error: AnswerError) throws { refusals.append(error.message) }
}

func answer(_ value: JSONValue) -> Reply { .answer(value, at: nil) }

let fixedStart = Date(timeIntervalSince1970: 1_772_442_000)

/// Runs a script with scripted replies (no store) on the shared Lua thread.
func runScripted(_ script: ExerciseScript, _ replies: [Reply], seed: Int64 = 1,
                 recorded: [String: RecordedAnswer] = [:]) throws -> (AttemptRunner.Ending, ScriptedFrontEnd) {
    let frontEnd = ScriptedFrontEnd(replies)
    let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: "t1", participant: "p", seed: seed, started: fixedStart))
    runner.recorded = recorded
    runner.clock = { fixedStart }
    let ending = try LuaThread.shared.run { try runner.run(frontEnd) }
    return (ending, frontEnd)
}

extension AttemptRunner.Ending {
    var outcome: AttemptOutcome? {
        if case .finished(let outcome) = self { return outcome }
        return nil
    }
}

/// A small exercise touching every kind of prompt.
let everyKind = #"""
return assess.exercise {
  api = 1, id = "every-kind", version = "1.0.0", title = "Every kind",
  run = function(ui, ctx)
    ui.say("Welcome")
    local go = ui.confirm { id = "ready", text = "Ready?" }
    local one = ui.choose { id = "one", text = "Pick one", options = { { id = "x", text = "X" }, { id = "y", text = "Y" } } }
    local many = ui.choose { id = "many", text = "Pick two", min = 2, max = 2,
                             options = { { id = "a", text = "A" }, { id = "b", text = "B" }, { id = "c", text = "C" } } }
    local order = ui.rank { id = "order", text = "Order", options = { { id = "p", text = "P" }, { id = "q", text = "Q" }, { id = "r", text = "R" } } }
    local rating = ui.rate { id = "rating", text = "Rate", scale = "agreement5" }
    local words, late = ui.text { id = "words", text = "Say", max_length = 10, timeout = 30, default = "none" }
    ui.pause { text = "Breathe" }
    local mark = ui.assessor { id = "judge", text = "Mark the words", about = "words",
                               rubric = { { mark = 0, text = "Poor" }, { mark = 2, text = "Good" } } }
    ui.record("first", one)
    return { go = go, one = one, many = many, order = order, rating = rating, words = words, late = late or false,
             mark = mark or "unmarked", seed = ctx.seed, participant = ctx.participant, now = ctx.now(), draw = math.random(1000) }
  end,
}
"""#

let everyKindReplies: [Reply] = [
    answer(.bool(true)), answer(.string("y")), answer(.array([.string("a"), .string("c")])),
    answer(.array([.string("r"), .string("p"), .string("q")])), answer(.number(4)), .timedOut(at: nil), answer(.null),
]
