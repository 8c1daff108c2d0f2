import AssessModel
import Foundation
import LuaRuntime

/// A participant's reply to one prompt, from a front end.
public enum Reply: Sendable, Hashable {
    /// An answer (checked by the runner before the script sees it).
    case answer(JSONValue, at: Date?)
    /// The prompt's time ran out.
    case timedOut(at: Date?)
    /// The participant stopped (end of input, Ctrl-C): the attempt stays in progress.
    case stopped
}

/// What shows prompts and gets answers: the terminal, the JSON Lines protocol, a transcript.
public protocol FrontEnd: AnyObject {
    /// Shows a prompt that takes no answer (`say`; an `assessor` prompt as a notice).
    func show(_ prompt: Prompt) throws
    /// Shows an answer recorded earlier (when resuming), so the person sees where they are.
    func recall(_ prompt: Prompt, answer: RecordedAnswer) throws
    /// Asks for an answer.
    func ask(_ prompt: Prompt) throws -> Reply
    /// Says that an answer did not fit the prompt. Interactive front ends tell the person and
    /// return (the prompt is asked again); a transcript throws.
    func refuse(_ prompt: Prompt, _ error: AnswerError) throws
    /// Notes the answer that was accepted (transcripts print it).
    func accepted(_ prompt: Prompt, answer: JSONValue?, timedOut: Bool)
}

extension FrontEnd {
    public func recall(_ prompt: Prompt, answer: RecordedAnswer) throws {}
    public func accepted(_ prompt: Prompt, answer: JSONValue?, timedOut: Bool) {}
}

/// Where an attempt's progress is written as it happens (the SQLite store, or nothing).
public protocol AttemptLog: AnyObject {
    /// A prompt was shown (again, when resuming: keep the first time).
    func shown(_ prompt: Prompt, sequence: Int, at: Date) throws
    /// An answer was accepted; it must be durable when this returns (the script goes on next).
    func answered(_ prompt: Prompt, value: JSONValue?, timedOut: Bool, at: Date) throws
    /// The script returned.
    func finished(_ outcome: AttemptOutcome, at: Date) throws
    /// The script failed or hit a limit.
    func failed(_ message: String, at: Date) throws
}

/// A finished run: the script's result, its records and the state of assessor marks.
public struct AttemptOutcome: Sendable, Hashable {
    public var exerciseID: String
    public var exerciseVersion: String
    public var title: String
    /// `complete`, or `awaiting_marks` while an assessor prompt has no mark.
    public var status: AttemptStatus
    /// What `run` returned.
    public var result: JSONValue
    /// The values stored with `ui.record`.
    public var records: [String: JSONValue]
    /// Every assessor prompt, in order, with its mark when given.
    public var marks: [(prompt: Prompt, mark: Double?)]

    public static func == (a: AttemptOutcome, b: AttemptOutcome) -> Bool { a.json == b.json }
    public func hash(into hasher: inout Hasher) { hasher.combine(JSONText.encode(json)) }

    /// The outcome as written to `result.json` and the store.
    public var json: JSONValue {
        var markObject: [String: JSONValue] = [:]
        for (prompt, mark) in marks {
            var entry: [String: JSONValue] = ["mark": mark.map(JSONValue.number) ?? .null, "max": .number(prompt.maxMark)]
            if let about = prompt.about { entry["about"] = .string(about) }
            markObject[prompt.id] = .object(entry)
        }
        return .object([
            "exercise": .object(["id": .string(exerciseID), "version": .string(exerciseVersion), "title": .string(title)]),
            "status": .string(status.rawValue),
            "result": result,
            "records": .object(records),
            "marks": .object(markObject),
        ])
    }
}

/// Runs one attempt of an exercise through a front end: answers recorded earlier are given back
/// to the script without asking (resume, re-marking), new ones are checked, logged and committed
/// before the script goes on.
public final class AttemptRunner {
    public let script: ExerciseScript
    public let context: AttemptContext
    /// Answers already given, by prompt id (resume).
    public var recorded: [String: RecordedAnswer] = [:]
    /// Assessors' marks, by prompt id.
    public var marks: [String: Double] = [:]
    public var log: AttemptLog?
    /// The clock for answers a front end does not time itself.
    public var clock: @Sendable () -> Date = { Date() }
    public var limits = ExerciseSession.defaultLimits
    /// When true, recorded answers must cover every prompt (re-running a finished attempt).
    public var requireRecorded = false

    public init(script: ExerciseScript, context: AttemptContext) {
        self.script = script
        self.context = context
    }

    /// How a run ended.
    public enum Ending: Sendable {
        case finished(AttemptOutcome)
        /// The participant stopped; the attempt is saved and can be resumed.
        case stopped(nextPrompt: String)
    }

    /// Runs the attempt to its end or until the participant stops. Must be called on a `LuaThread`.
    /// - Throws: `ScriptError` when the script fails or hits a limit (logged as failed first);
    ///   ``AnswerError`` when a recorded answer no longer fits; a front end's own errors.
    public func run(_ frontEnd: FrontEnd) throws -> Ending {
        let session = try ExerciseSession(script: script, context: context, limits: limits)
        defer { session.close() }
        var now = context.started
        var sequence = 0
        var step: ExerciseSession.Step
        do {
            step = try session.start(now: now)
            while case .prompt(let prompt) = step {
                sequence += 1
                try log?.shown(prompt, sequence: sequence, at: clock())
                if !prompt.needsAnswer {
                    if prompt.kind == .assessor {
                        try frontEnd.show(prompt)
                        step = try session.resume(mark: marks[prompt.id], now: now)
                    } else {
                        try frontEnd.show(prompt)
                        step = try session.resume(answer: nil, now: now)
                    }
                    continue
                }
                if let previous = recorded[prompt.id] {
                    let value: JSONValue?
                    if previous.timedOut {
                        value = prompt.timeout == nil ? nil : prompt.timeoutDefault
                        guard prompt.timeout != nil else {
                            throw AnswerError(promptID: prompt.id, message: "the recorded answer timed out, but the prompt is no longer timed")
                        }
                    } else {
                        value = try AnswerCheck.check(previous.value ?? .null, for: prompt)
                    }
                    try frontEnd.recall(prompt, answer: previous)
                    now = previous.at
                    step = try session.resume(answer: value, timedOut: previous.timedOut, now: now)
                    continue
                }
                if requireRecorded {
                    throw AnswerError(promptID: prompt.id, message: "no recorded answer for this prompt (the script now asks something it did not ask before)")
                }
                var accepted: (value: JSONValue?, timedOut: Bool, at: Date)?
                while accepted == nil {
                    switch try frontEnd.ask(prompt) {
                    case .stopped:
                        return .stopped(nextPrompt: prompt.id)
                    case .timedOut(let at):
                        guard prompt.timeout != nil else {
                            try frontEnd.refuse(prompt, AnswerError(promptID: prompt.id, message: "this prompt is not timed, so it cannot time out"))
                            continue
                        }
                        accepted = (prompt.timeoutDefault, true, at ?? clock())
                    case .answer(let raw, let at):
                        do {
                            accepted = (try AnswerCheck.check(raw, for: prompt), false, at ?? clock())
                        } catch {
                            try frontEnd.refuse(prompt, error)
                        }
                    }
                }
                let answer = accepted!
                try log?.answered(prompt, value: answer.timedOut ? nil : answer.value, timedOut: answer.timedOut, at: answer.at)
                recorded[prompt.id] = RecordedAnswer(value: answer.timedOut ? nil : answer.value, timedOut: answer.timedOut, at: answer.at)
                frontEnd.accepted(prompt, answer: answer.value, timedOut: answer.timedOut)
                now = answer.at
                step = try session.resume(answer: answer.value, timedOut: answer.timedOut, now: now)
            }
        } catch let error as ScriptError {
            try? log?.failed(error.description, at: clock())
            throw error
        }
        guard case .done(let result) = step else { fatalError("unreachable") }
        let assessorPrompts = session.prompts.filter { $0.kind == .assessor }
        let pending = assessorPrompts.contains { marks[$0.id] == nil }
        let outcome = AttemptOutcome(exerciseID: script.id, exerciseVersion: script.version, title: script.title,
                                     status: pending ? .awaitingMarks : .complete, result: result,
                                     records: session.records, marks: assessorPrompts.map { ($0, marks[$0.id]) })
        try log?.finished(outcome, at: clock())
        return .finished(outcome)
    }
}

/// Logs nothing (replay).
public final class NoLog: AttemptLog {
    public init() {}
    public func shown(_ prompt: Prompt, sequence: Int, at: Date) throws {}
    public func answered(_ prompt: Prompt, value: JSONValue?, timedOut: Bool, at: Date) throws {}
    public func finished(_ outcome: AttemptOutcome, at: Date) throws {}
    public func failed(_ message: String, at: Date) throws {}
}

/// Logs an attempt's progress into the store.
public final class StoreLog: AttemptLog {
    let store: ExerciseStore
    let attempt: String

    public init(store: ExerciseStore, attempt: String) {
        self.store = store
        self.attempt = attempt
    }

    public func shown(_ prompt: Prompt, sequence: Int, at: Date) throws {
        try store.promptShown(attempt: attempt, sequence: sequence, prompt: prompt, at: at)
    }

    public func answered(_ prompt: Prompt, value: JSONValue?, timedOut: Bool, at: Date) throws {
        try store.answered(attempt: attempt, promptID: prompt.id, value: value, timedOut: timedOut, at: at)
    }

    public func finished(_ outcome: AttemptOutcome, at: Date) throws {
        try store.finished(attempt: attempt, outcome: outcome, at: at)
    }

    public func failed(_ message: String, at: Date) throws {
        try store.failed(attempt: attempt, error: message, at: at)
    }
}
