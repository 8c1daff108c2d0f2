import AssessModel
import Foundation

/// A problem in a transcript, at its file, line and (for JSON syntax) column.
public struct TranscriptError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

/// A recorded run: an optional header line, then one answer per line.
///
/// ```
/// {"transcript":1,"exercise":"sjt-leadership","seed":7,"participant":"p01","started":"2026-03-02T09:00:00Z"}
/// {"id":"s1_rank","answer":["c","a","d","b"]}
/// {"id":"tray_1","timeout":true,"at":"2026-03-02T09:05:00Z"}
/// ```
/// Answers are matched to prompts by id, so the order of lines does not matter and an edit to
/// one prompt leaves the others' answers usable.
public struct Transcript: Sendable {
    /// One answer line.
    public struct Entry: Sendable {
        public var promptID: String
        public var answer: JSONValue?
        public var timedOut: Bool
        public var at: Date?
        public var line: Int
    }

    /// How errors name the transcript.
    public var file: String
    /// What the header says (each optional).
    public var exercise: String?
    public var seed: Int64?
    public var participant: String?
    public var started: Date?
    public var entries: [Entry] = []

    /// Parses transcript text. `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(TranscriptError) -> Transcript {
        var transcript = Transcript(file: file)
        var seen: [String: Int] = [:]
        var sawLine = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if index == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            func fail(_ message: String, column: Int? = nil) -> TranscriptError {
                TranscriptError(file: file, line: number, column: column, message: message)
            }
            defer { sawLine = true }
            let value: JSONValue
            do { value = try JSONText.parse(line) } catch { throw fail("not valid JSON: \(error.message)", column: error.column) }
            guard case .object(let fields) = value else { throw fail("each line must be a JSON object") }
            if fields["transcript"] != nil {
                guard !sawLine else {
                    throw fail("the header line ({\"transcript\": 1, ...}) must come first")
                }
                for key in fields.keys.sorted() where !["transcript", "exercise", "seed", "participant", "started"].contains(key) {
                    throw fail("unknown header field '\(key)' (fields: transcript, exercise, seed, participant, started)")
                }
                guard fields["transcript"] == .number(1) else { throw fail("\"transcript\" must be 1 (the only transcript version)") }
                if let e = fields["exercise"] {
                    guard case .string(let s) = e else { throw fail("\"exercise\" must be a string") }
                    transcript.exercise = s
                }
                if let s = fields["seed"] {
                    guard case .number(let n) = s, n == n.rounded(), abs(n) < 9e15 else { throw fail("\"seed\" must be a whole number") }
                    transcript.seed = Int64(n)
                }
                if let p = fields["participant"] {
                    guard case .string(let s) = p, !s.isEmpty else { throw fail("\"participant\" must be a non-empty string") }
                    transcript.participant = s
                }
                if let t = fields["started"] {
                    guard case .string(let s) = t, let date = Timestamp.parse(s) else { throw fail("\"started\" must be a time like 2026-03-02T09:00:00Z") }
                    transcript.started = date
                }
                continue
            }
            for key in fields.keys.sorted() where !["id", "answer", "timeout", "at"].contains(key) {
                throw fail("unknown field '\(key)' (an answer line has id, answer or timeout, and optionally at)")
            }
            guard case .string(let id)? = fields["id"], !id.isEmpty else { throw fail("missing \"id\": the prompt this line answers") }
            if let previous = seen[id] { throw fail("prompt '\(id)' is answered twice (also line \(previous))") }
            seen[id] = number
            var entry = Entry(promptID: id, answer: nil, timedOut: false, at: nil, line: number)
            switch (fields["answer"], fields["timeout"]) {
            case (let answer?, nil): entry.answer = answer
            case (nil, .bool(true)?): entry.timedOut = true
            case (nil, _?): throw fail("\"timeout\" must be true")
            case (_?, _?): throw fail("give either \"answer\" or \"timeout\", not both")
            case (nil, nil): throw fail("missing \"answer\" (or \"timeout\": true) for prompt '\(id)'")
            }
            if let at = fields["at"] {
                guard case .string(let s) = at, let date = Timestamp.parse(s) else { throw fail("\"at\" must be a time like 2026-03-02T09:00:00Z") }
                entry.at = date
            }
            transcript.entries.append(entry)
        }
        return transcript
    }

    /// Reads and parses a transcript file.
    public static func load(_ path: String, displayName: String? = nil) throws(TranscriptError) -> Transcript {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptError(file: name, message: FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such transcript file")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TranscriptError(file: name, message: "not UTF-8 text") }
        return try parse(text, file: name)
    }
}

/// The clock replays and golden cases use unless the transcript says otherwise.
public enum FrozenClock {
    public static let start = Date(timeIntervalSince1970: 1_772_442_000)  // 2026-03-02T09:00:00Z
}

/// Feeds a transcript's answers to the script and prints what a participant would have seen.
public final class ReplayFrontEnd: FrontEnd {
    let transcript: Transcript
    var used = Set<String>()
    /// The prompts and answers as plain text (a golden case's `transcript.txt`).
    public private(set) var printed = ""

    public init(_ transcript: Transcript) { self.transcript = transcript }

    public func show(_ prompt: Prompt) throws {
        printed += PlainText.render(prompt) + "\n"
    }

    public func ask(_ prompt: Prompt) throws -> Reply {
        printed += PlainText.render(prompt)
        guard let entry = transcript.entries.first(where: { $0.promptID == prompt.id }) else {
            let place = prompt.line.map { " (line \($0) of the exercise)" } ?? ""
            throw TranscriptError(file: transcript.file, message: "no answer for prompt '\(prompt.id)'\(place): add a line {\"id\":\"\(prompt.id)\",\"answer\":...}")
        }
        used.insert(entry.promptID)
        if entry.timedOut { return .timedOut(at: entry.at) }
        return .answer(entry.answer ?? .null, at: entry.at)
    }

    public func refuse(_ prompt: Prompt, _ error: AnswerError) throws {
        let line = transcript.entries.first { $0.promptID == prompt.id }?.line
        throw TranscriptError(file: transcript.file, line: line, message: "the answer to '\(prompt.id)' does not fit: \(error.message)")
    }

    public func accepted(_ prompt: Prompt, answer: JSONValue?, timedOut: Bool) {
        printed += "> " + PlainText.describe(answer, timedOut: timedOut, for: prompt) + "\n\n"
    }

    /// Fails when the transcript answers prompts the run never asked (a stale transcript).
    public func checkAllUsed() throws {
        if let unused = transcript.entries.first(where: { !used.contains($0.promptID) }) {
            throw TranscriptError(file: transcript.file, line: unused.line,
                                  message: "answers prompt '\(unused.promptID)', which this run of the exercise never asked")
        }
    }
}

/// Replaying a transcript through an exercise: `assess exercise replay` and golden cases.
public enum Replay {
    /// The outcome and the printed prompts. Must be called on a `LuaThread`.
    /// - Throws: ``TranscriptError`` for a transcript that does not fit; `ScriptError` when
    ///   the script fails.
    public static func run(_ script: ExerciseScript, transcript: Transcript, seed: Int64? = nil,
                           marks: [String: Double] = [:]) throws -> (outcome: AttemptOutcome, printed: String) {
        if let exercise = transcript.exercise, exercise != script.id {
            throw TranscriptError(file: transcript.file, line: 1, message: "the transcript is for exercise '\(exercise)', not '\(script.id)'")
        }
        let started = transcript.started ?? FrozenClock.start
        let context = AttemptContext(attemptID: "replay", participant: transcript.participant ?? "replay",
                                     seed: seed ?? transcript.seed ?? 0, started: started)
        let runner = AttemptRunner(script: script, context: context)
        runner.marks = marks
        runner.clock = { started }
        let frontEnd = ReplayFrontEnd(transcript)
        guard case .finished(let outcome) = try runner.run(frontEnd) else {
            throw TranscriptError(file: transcript.file, message: "the transcript stopped before the exercise finished")
        }
        try frontEnd.checkAllUsed()
        return (outcome, frontEnd.printed)
    }
}
