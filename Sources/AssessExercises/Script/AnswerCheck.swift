import AssessModel
import Foundation

/// Why an answer does not fit its prompt. The message says what was expected, never echoes more
/// than the option ids involved.
public struct AnswerError: Error, CustomStringConvertible, Sendable {
    public var promptID: String
    public var message: String
    public var description: String { "prompt '\(promptID)': \(message)" }
}

/// Checks an answer against the prompt it answers and gives it its canonical form:
/// `confirm` a boolean, single `choose` an option id, multiple `choose` and `rank` a list of
/// option ids, `rate` a whole number, `text` a string, `pause` `true`.
public enum AnswerCheck {
    public static func check(_ answer: JSONValue, for prompt: Prompt) throws(AnswerError) -> JSONValue {
        func fail(_ message: String) -> AnswerError { AnswerError(promptID: prompt.id, message: message) }
        let ids = prompt.options.map(\.id)
        switch prompt.kind {
        case .say, .assessor:
            throw fail("a \(prompt.kind.rawValue) prompt takes no answer from the participant")
        case .pause:
            switch answer {
            case .bool(true), .null: return .bool(true)
            default: throw fail("a pause is answered with true (or null)")
            }
        case .confirm:
            guard case .bool(let b) = answer else { throw fail("expected true or false") }
            return .bool(b)
        case .choose:
            var chosen: [String]
            switch answer {
            case .null where prompt.minChoices == 0: chosen = []
            case .string(let s): chosen = [s]
            case .array(let items):
                chosen = []
                for item in items {
                    guard case .string(let s) = item else { throw fail("expected option ids as strings") }
                    chosen.append(s)
                }
            default:
                throw fail(prompt.multiple ? "expected a list of option ids (\(ids.joined(separator: ", ")))" : "expected one option id (\(ids.joined(separator: ", ")))")
            }
            if let unknown = chosen.first(where: { !ids.contains($0) }) {
                throw fail("'\(unknown)' is not an option (options: \(ids.joined(separator: ", ")))")
            }
            var seen = Set<String>()
            if let repeated = chosen.first(where: { !seen.insert($0).inserted }) { throw fail("'\(repeated)' is chosen twice") }
            guard chosen.count >= prompt.minChoices, chosen.count <= prompt.maxChoices else {
                let range = prompt.minChoices == prompt.maxChoices ? "exactly \(prompt.maxChoices)" : "between \(prompt.minChoices) and \(prompt.maxChoices)"
                throw fail("choose \(range) option(s); \(chosen.count) given")
            }
            if !prompt.multiple {
                return chosen.first.map(JSONValue.string) ?? .null
            }
            return .array(chosen.map(JSONValue.string))
        case .rank:
            guard case .array(let items) = answer else { throw fail("expected every option id in order, most preferred first (\(ids.joined(separator: ", ")))") }
            var order: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw fail("expected option ids as strings") }
                order.append(s)
            }
            if let unknown = order.first(where: { !ids.contains($0) }) {
                throw fail("'\(unknown)' is not an option (options: \(ids.joined(separator: ", ")))")
            }
            var seen = Set<String>()
            if let repeated = order.first(where: { !seen.insert($0).inserted }) { throw fail("'\(repeated)' is ranked twice") }
            let missing = ids.filter { !seen.contains($0) }
            guard missing.isEmpty else { throw fail("a ranking lists every option once (missing: \(missing.joined(separator: ", ")))") }
            return .array(order.map(JSONValue.string))
        case .rate:
            guard case .number(let n) = answer, n == n.rounded() else {
                throw fail("expected a whole number from \(prompt.minimum) to \(prompt.maximum)")
            }
            guard n >= Double(prompt.minimum), n <= Double(prompt.maximum) else {
                throw fail("\(JSONText.number(n)) is outside the scale \(prompt.minimum) to \(prompt.maximum)")
            }
            return .number(n)
        case .text:
            guard case .string(let s) = answer else { throw fail("expected text") }
            let length = s.count
            guard length >= prompt.minLength else {
                throw fail(prompt.minLength == 1 ? "an answer is needed" : "at least \(prompt.minLength) characters are needed (\(length) given)")
            }
            guard length <= prompt.maxLength else { throw fail("at most \(prompt.maxLength) characters (\(length) given)") }
            return .string(s)
        }
    }

    /// Checks an assessor's mark against the prompt's rubric: it must be one of the rubric's marks.
    public static func checkMark(_ mark: Double, for prompt: Prompt) throws(AnswerError) -> Double {
        guard prompt.kind == .assessor else {
            throw AnswerError(promptID: prompt.id, message: "only assessor prompts take a mark (this is a \(prompt.kind.rawValue) prompt)")
        }
        guard prompt.rubric.contains(where: { $0.mark == mark }) else {
            throw AnswerError(promptID: prompt.id, message: "\(JSONText.number(mark)) is not a mark of the rubric (marks: \(prompt.rubric.map { JSONText.number($0.mark) }.joined(separator: ", ")))")
        }
        return mark
    }
}
