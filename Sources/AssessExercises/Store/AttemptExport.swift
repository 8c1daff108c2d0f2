import AssessModel
import Foundation

/// Finished attempts as response files `assess score` reads: wide CSV or JSON Lines, one response
/// per attempt (respondent = attempt id, subject = participant, rater = self).
public struct AttemptExport {
    public enum Format: Sendable { case csv, jsonl }
    let store: ExerciseStore

    public init(store: ExerciseStore) { self.store = store }

    static let answerKinds: Set<String> = ["choose", "rank", "rate", "text"]

    /// The export text.
    /// - Throws: ``StoreError`` when the store holds several exercises and none was named.
    public func render(exercise: String?, format: Format) throws -> String {
        let all = try store.attempts(exercise: exercise)
        let exercises = Set(all.map(\.exerciseID))
        if exercise == nil, exercises.count > 1 {
            throw StoreError("\(store.path) holds attempts of several exercises (\(exercises.sorted().joined(separator: ", "))): choose one with --exercise")
        }
        let finished = all.filter { $0.status == .complete || $0.status == .awaitingMarks }
        var columns: [String] = []
        var seen = Set<String>()
        var rows: [(AttemptSummary, [String: JSONValue])] = []
        for attempt in finished {
            let answers = try store.answers(attempt: attempt.id)
            var values: [String: JSONValue] = [:]
            for shown in try store.prompts(attempt: attempt.id) where Self.answerKinds.contains(shown.kind) {
                if seen.insert(shown.id).inserted { columns.append(shown.id) }
                if let answer = answers[shown.id], !answer.timedOut, let value = answer.value { values[shown.id] = value }
            }
            rows.append((attempt, values))
        }
        switch format {
        case .jsonl:
            return rows.map { attempt, values in
                JSONText.encode(.object(["respondent": .string(attempt.id), "subject": .string(attempt.participant),
                                         "rater": .string("self"), "answers": .object(values)])) + "\n"
            }.joined()
        case .csv:
            var text = (["respondent", "subject", "rater"] + columns).map(Self.csvField).joined(separator: ",") + "\n"
            for (attempt, values) in rows {
                var cells = [attempt.id, attempt.participant, "self"]
                for column in columns { cells.append(values[column].map(Self.cell) ?? "") }
                text += cells.map(Self.csvField).joined(separator: ",") + "\n"
            }
            return text
        }
    }

    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return JSONText.number(n)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items): return items.map(cell).joined(separator: ";")
        case .null: return ""
        case .object: return JSONText.encode(value)
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || text.hasPrefix(" ") || text.hasSuffix(" ") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Transcript {
    /// An attempt's answers as transcript text (header with seed, participant and start, then one
    /// answer per line in the order the prompts were shown, each with its time), which
    /// `assess exercise replay` turns back into the attempt's result.
    public static func text(of attempt: String, in store: ExerciseStore) throws -> String {
        guard let summary = try store.attempt(attempt) else { throw StoreError("\(store.path): no attempt '\(attempt)'") }
        var lines = [JSONText.encode(.object([
            "transcript": .number(1), "exercise": .string(summary.exerciseID), "seed": .number(Double(summary.seed)),
            "participant": .string(summary.participant), "started": .string(summary.startedAt),
        ]))]
        let answers = try store.answers(attempt: attempt)
        for shown in try store.prompts(attempt: attempt) {
            guard let answer = answers[shown.id] else { continue }
            var fields: [String: JSONValue] = ["id": .string(shown.id), "at": .string(Timestamp.format(answer.at))]
            if answer.timedOut { fields["timeout"] = .bool(true) } else { fields["answer"] = answer.value ?? .null }
            lines.append(JSONText.encode(.object(fields)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
