import AssessModel
import Foundation

/// How prompts read as plain text (the terminal without colour, `TERM=dumb`, and the printed
/// transcripts of golden cases), and how typed input becomes an answer.
public enum PlainText {
    /// The prompt's lines, ending with a newline.
    public static func render(_ prompt: Prompt) -> String {
        var out = ""
        if let title = prompt.title { out += "== \(title) ==\n" }
        switch prompt.kind {
        case .assessor:
            out += "[for the assessor: \(prompt.text)]\n"
            return out
        default:
            out += prompt.text + "\n"
        }
        switch prompt.kind {
        case .choose, .rank:
            for (i, option) in prompt.options.enumerated() { out += "  \(i + 1)) \(option.text)\n" }
            out += hint(prompt) + "\n"
        case .rate, .confirm, .text, .pause:
            out += hint(prompt) + "\n"
        case .say, .assessor:
            break
        }
        return out
    }

    /// The line that says how to answer.
    public static func hint(_ prompt: Prompt) -> String {
        let timed = prompt.timeout.map { " (time: \(duration(Int($0.rounded(.up)))))" } ?? ""
        switch prompt.kind {
        case .choose:
            if !prompt.multiple { return "Type the number of your choice\(timed)." }
            let count = prompt.minChoices == prompt.maxChoices ? "\(prompt.maxChoices)" : "\(prompt.minChoices) to \(prompt.maxChoices)"
            return "Choose \(count): type the numbers, e.g. \((1...min(prompt.maxChoices, 3)).map(String.init).joined(separator: " "))\(timed)."
        case .rank:
            return "Rank all \(prompt.options.count), best first: type the numbers in order, e.g. \((1...prompt.options.count).reversed().map(String.init).joined(separator: " "))\(timed)."
        case .rate:
            var scale = "\(prompt.minimum) to \(prompt.maximum)"
            if !prompt.labels.isEmpty {
                scale += " (" + prompt.labels.keys.sorted().map { "\($0) = \(prompt.labels[$0]!)" }.joined(separator: ", ") + ")"
            }
            return "Rate \(scale)\(timed)."
        case .confirm:
            return "Type y for \(prompt.yes), n for \(prompt.no)\(timed)."
        case .text:
            return "Type your answer on one line, up to \(prompt.maxLength) characters\(timed)."
        case .pause:
            return "Press Enter to continue."
        case .say, .assessor:
            return ""
        }
    }

    /// Seconds as `45 s`, or `19:05` from a minute up.
    public static func duration(_ seconds: Int) -> String {
        seconds < 60 ? "\(seconds) s" : String(format: "%d:%02d", seconds / 60, seconds % 60)
    }

    /// An answer as the participant would have typed it, with the option ids it stands for.
    public static func describe(_ answer: JSONValue?, timedOut: Bool, for prompt: Prompt) -> String {
        if timedOut { return "(time ran out" + (answer.map { "; default " + JSONText.encode($0) } ?? "") + ")" }
        guard let answer else { return "" }
        switch (prompt.kind, answer) {
        case (.choose, .string(let id)):
            return "\(number(of: id, in: prompt)) [\(id)]"
        case (.choose, .array(let ids)), (.rank, .array(let ids)):
            let list = ids.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            return list.map { number(of: $0, in: prompt) }.joined(separator: " ") + " [\(list.joined(separator: ", "))]"
        case (.confirm, .bool(let b)):
            return b ? "y (\(prompt.yes))" : "n (\(prompt.no))"
        case (.pause, _):
            return "(continued)"
        case (_, .string(let s)):
            return s
        default:
            return JSONText.encode(answer)
        }
    }

    static func number(of id: String, in prompt: Prompt) -> String {
        prompt.options.firstIndex { $0.id == id }.map { String($0 + 1) } ?? id
    }

    /// Reads a typed line as an answer: option numbers (or ids) for choose and rank, a number for
    /// rate, y/n for confirm, the text itself for text. The result is checked afterwards.
    public static func parse(_ line: String, for prompt: Prompt) throws(AnswerError) -> JSONValue {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        func fail(_ message: String) -> AnswerError { AnswerError(promptID: prompt.id, message: message) }
        switch prompt.kind {
        case .pause, .say, .assessor:
            return .bool(true)
        case .confirm:
            switch trimmed.lowercased() {
            case "y", "yes", prompt.yes.lowercased(): return .bool(true)
            case "n", "no", prompt.no.lowercased(): return .bool(false)
            default: throw fail("type y or n")
            }
        case .choose, .rank:
            let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
            if tokens.isEmpty, prompt.kind == .choose, prompt.minChoices == 0 { return prompt.multiple ? .array([]) : .null }
            guard !tokens.isEmpty else { throw fail(prompt.kind == .rank ? "type the numbers in order" : "type a number") }
            var ids: [String] = []
            for token in tokens {
                if let n = Int(token) {
                    guard n >= 1, n <= prompt.options.count else { throw fail("\(n) is not one of the numbers 1 to \(prompt.options.count)") }
                    ids.append(prompt.options[n - 1].id)
                } else if prompt.options.contains(where: { $0.id == token }) {
                    ids.append(token)
                } else {
                    throw fail("'\(token)' is not one of the numbers 1 to \(prompt.options.count)")
                }
            }
            if prompt.kind == .choose, !prompt.multiple {
                guard ids.count == 1 else { throw fail("choose one option") }
                return .string(ids[0])
            }
            return .array(ids.map(JSONValue.string))
        case .rate:
            if let n = Int(trimmed) { return .number(Double(n)) }
            if let match = prompt.labels.first(where: { $0.value.lowercased() == trimmed.lowercased() }) { return .number(Double(match.key)) }
            throw fail("type a whole number from \(prompt.minimum) to \(prompt.maximum)")
        case .text:
            return .string(line)
        }
    }
}
