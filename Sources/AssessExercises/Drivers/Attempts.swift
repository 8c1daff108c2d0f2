import AssessModel
import Foundation
import LuaRuntime

/// Starting, resuming and re-marking attempts kept in an ``ExerciseStore``: what the
/// `assess exercise` and `assess attempts` commands call.
public struct Attempts {
    public let store: ExerciseStore
    public var thread: LuaThread = .shared
    public var clock: @Sendable () -> Date = { Date() }

    public init(store: ExerciseStore) { self.store = store }

    /// Creates an attempt and runs it through `frontEnd`.
    /// - Returns: the attempt id and how the run ended.
    public func start(_ script: ExerciseScript, participant: String, seed: Int64,
                      frontEnd: FrontEnd, onCreated: (String) -> Void = { _ in }) throws -> (String, AttemptRunner.Ending) {
        let started = clock()
        let id = try store.createAttempt(script: script, participant: participant, seed: seed, started: started)
        onCreated(id)
        let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: id, participant: participant, seed: seed, started: started))
        runner.log = StoreLog(store: store, attempt: id)
        runner.clock = clock
        let ending = try thread.run { try runner.run(frontEnd) }
        return (id, ending)
    }

    /// The attempt and its script, checked to be the same file the attempt began with.
    public func load(_ id: String, allowChanged: Bool = false) throws -> (AttemptSummary, ExerciseScript) {
        guard let attempt = try store.attempt(id) else { throw StoreError("\(store.path): no attempt '\(id)' (see assess attempts list)") }
        let script = try ExerciseScript.load(attempt.file, thread: thread)
        if script.hash != attempt.fileHash, !allowChanged {
            throw StoreError("\(script.displayName) has changed since attempt \(id) began (\(attempt.fileHash.prefix(19))... then, \(script.hash.prefix(19))... now): restore it, or pass --allow-changed to continue with the new script (answers are matched to prompts by id)")
        }
        return (attempt, script)
    }

    /// Re-runs an attempt from its seed and recorded answers, asking `frontEnd` only for prompts
    /// not yet answered.
    public func resume(_ id: String, frontEnd: FrontEnd, allowChanged: Bool = false) throws -> AttemptRunner.Ending {
        let (attempt, script) = try load(id, allowChanged: allowChanged)
        guard attempt.status == .inProgress else {
            throw StoreError("attempt \(id) is \(attempt.status.rawValue.replacingOccurrences(of: "_", with: " ")): only an attempt in progress can be resumed")
        }
        let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: id, participant: attempt.participant,
                                                                           seed: attempt.seed, started: attempt.started))
        runner.recorded = try store.answers(attempt: id)
        runner.marks = try store.marks(attempt: id)
        runner.log = StoreLog(store: store, attempt: id)
        runner.clock = clock
        return try thread.run { try runner.run(frontEnd) }
    }

    /// Stores an assessor's mark and recomputes the attempt's result with it.
    public func mark(_ id: String, prompt promptID: String, mark: Double, assessor: String?, allowChanged: Bool = false) throws -> AttemptOutcome {
        let (attempt, script) = try load(id, allowChanged: allowChanged)
        guard attempt.status == .awaitingMarks || attempt.status == .complete else {
            throw StoreError("attempt \(id) is \(attempt.status.rawValue.replacingOccurrences(of: "_", with: " ")): marks are entered once the participant has finished")
        }
        let shown = try store.prompts(attempt: id)
        guard let stored = shown.first(where: { $0.id == promptID }) else {
            throw StoreError("attempt \(id) has no prompt '\(promptID)' (assess attempts show \(id) lists its prompts)")
        }
        guard stored.kind == "assessor" else { throw StoreError("prompt '\(promptID)' is a \(stored.kind) prompt: only assessor prompts take a mark") }
        var marks = try store.marks(attempt: id)
        marks[promptID] = mark
        let outcome = try rerun(attempt, script: script, marks: marks)
        guard let prompt = outcome.marks.first(where: { $0.prompt.id == promptID })?.prompt else {
            throw StoreError("the script no longer asks assessor prompt '\(promptID)'")
        }
        _ = try AnswerCheck.checkMark(mark, for: prompt)
        try store.setMark(attempt: id, promptID: promptID, mark: mark, assessor: assessor, at: clock())
        try store.finished(attempt: id, outcome: outcome, at: clock())
        return outcome
    }

    /// Runs a finished attempt again from its recorded answers (no front end is asked anything).
    func rerun(_ attempt: AttemptSummary, script: ExerciseScript, marks: [String: Double]) throws -> AttemptOutcome {
        let runner = AttemptRunner(script: script, context: AttemptContext(attemptID: attempt.id, participant: attempt.participant,
                                                                           seed: attempt.seed, started: attempt.started))
        runner.recorded = try store.answers(attempt: attempt.id)
        runner.marks = marks
        runner.requireRecorded = true
        runner.clock = clock
        guard case .finished(let outcome) = try thread.run({ try runner.run(SilentFrontEnd()) }) else {
            throw StoreError("attempt \(attempt.id) did not finish when re-run")
        }
        return outcome
    }
}

/// A front end that shows nothing and has no answers (re-running from recorded answers).
final class SilentFrontEnd: FrontEnd {
    func show(_ prompt: Prompt) throws {}
    func ask(_ prompt: Prompt) throws -> Reply { .stopped }
    func refuse(_ prompt: Prompt, _ error: AnswerError) throws { throw error }
}
