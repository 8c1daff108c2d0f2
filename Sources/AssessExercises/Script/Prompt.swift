import AssessModel
import AssessScripting
import Foundation
import LuaRuntime

/// One thing an exercise shows: a `ui.*` call after the host has checked its arguments.
///
/// Prompts are identified by the id the script gives them (`say` and `pause` get `say-N` and
/// `pause-N` when the script gives none), so a transcript keeps working after edits that do not
/// touch the prompt it answers.
public struct Prompt: Sendable, Hashable {
    /// What kind of `ui` call made it.
    public enum Kind: String, Sendable, CaseIterable {
        case say, pause, confirm, choose, rank, rate, text, assessor
    }

    /// One option of a `choose` or `rank` prompt.
    public struct Option: Sendable, Hashable {
        public var id: String
        public var text: String
    }

    /// One level of an assessor's rubric.
    public struct RubricLevel: Sendable, Hashable {
        public var mark: Double
        public var text: String
    }

    public var id: String
    public var kind: Kind
    /// The prompt's text (Markdown allowed).
    public var text: String
    /// A heading shown above the text.
    public var title: String?
    /// `choose` and `rank`: the options in the order shown.
    public var options: [Option] = []
    /// `choose`: how many options may be chosen (1...1 by default).
    public var minChoices = 1
    public var maxChoices = 1
    /// `rate`: the scale, inclusive, in whole steps, with optional labels by value.
    public var minimum = 1
    public var maximum = 5
    public var labels: [Int: String] = [:]
    /// `text`: length limits in characters.
    public var minLength = 1
    public var maxLength = 2000
    /// `confirm`: the words for yes and no.
    public var yes = "Yes"
    public var no = "No"
    /// Seconds the participant has; `nil` when untimed.
    public var timeout: Double?
    /// What the script gets when the time runs out (already checked like an answer); `nil` gives `nil`.
    public var timeoutDefault: JSONValue?
    /// `assessor`: the rubric, the prompt whose answer is marked, and the highest mark.
    public var rubric: [RubricLevel] = []
    public var about: String?
    /// Where the script made the call.
    public var line: Int?

    /// Whether the participant answers it (`say` and `assessor` prompts need no answer from them).
    public var needsAnswer: Bool { kind != .say && kind != .assessor }

    /// Whether a `choose` prompt returns a list (it allows more than one choice).
    public var multiple: Bool { kind == .choose && maxChoices > 1 }

    /// The highest mark of an assessor prompt.
    public var maxMark: Double { rubric.map(\.mark).max() ?? 0 }

    /// The prompt as protocol and store JSON: `{"id":..., "kind":..., "text":..., ...}`.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["id": .string(id), "kind": .string(kind.rawValue), "text": .string(text)]
        if let title { o["title"] = .string(title) }
        switch kind {
        case .choose:
            o["options"] = .array(options.map { .object(["id": .string($0.id), "text": .string($0.text)]) })
            o["min"] = .number(Double(minChoices))
            o["max"] = .number(Double(maxChoices))
        case .rank:
            o["options"] = .array(options.map { .object(["id": .string($0.id), "text": .string($0.text)]) })
        case .rate:
            o["min"] = .number(Double(minimum))
            o["max"] = .number(Double(maximum))
            if !labels.isEmpty {
                o["labels"] = .object(Dictionary(uniqueKeysWithValues: labels.map { (String($0.key), JSONValue.string($0.value)) }))
            }
        case .text:
            o["min_length"] = .number(Double(minLength))
            o["max_length"] = .number(Double(maxLength))
        case .confirm:
            o["yes"] = .string(yes)
            o["no"] = .string(no)
        case .assessor:
            o["rubric"] = .array(rubric.map { .object(["mark": .number($0.mark), "text": .string($0.text)]) })
            if let about { o["about"] = .string(about) }
        case .say, .pause:
            break
        }
        if let timeout { o["timeout"] = .number(timeout) }
        return .object(o)
    }
}

/// Reads a `ui.*` call's table into a ``Prompt``, or says what is wrong with it.
enum PromptSpec {
    /// Fields each kind accepts (besides `id`, `text`, `title`).
    static let fields: [Prompt.Kind: Set<String>] = [
        .say: [], .pause: [],
        .confirm: ["yes", "no", "timeout", "default"],
        .choose: ["options", "min", "max", "timeout", "default"],
        .rank: ["options", "timeout", "default"],
        .rate: ["min", "max", "labels", "scale", "timeout", "default"],
        .text: ["min_length", "max_length", "timeout", "default"],
        .assessor: ["rubric", "about"],
    ]

    static let maxTimeout = 86_400.0
    static let maxOptions = 100
    static let maxTextLength = 100_000

    /// Builds the prompt; the message on failure names the field and what was expected.
    static func read(kind: Prompt.Kind, spec: LuaValue, autoID: String) throws(PromptProblem) -> Prompt {
        let table: LuaTable
        switch spec {
        case .table(let t): table = t
        case .string(let s) where kind == .say || kind == .pause:
            table = LuaTable([(.string(LuaString("text")), .string(s))])
        case .nil where kind == .pause:
            table = LuaTable()
        default:
            throw PromptProblem("ui.\(kind.rawValue) expects a table { id = \"...\", text = \"...\", ... }, got \(spec.typeName)")
        }
        let allowed = fields[kind]!.union(["id", "text", "title"])
        for field in table.fields {
            guard let name = field.key.stringValue else {
                throw PromptProblem("ui.\(kind.rawValue): fields must be named (found a value at key \(field.key))")
            }
            if !allowed.contains(name) {
                let suggestion = Self.closest(name, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw PromptProblem("ui.\(kind.rawValue): unknown field '\(name)'\(suggestion)")
            }
        }
        if !table.array.isEmpty { throw PromptProblem("ui.\(kind.rawValue): give fields by name (id = ..., text = ...), not as a list") }
        var prompt = Prompt(id: autoID, kind: kind, text: "")
        switch table["id"] {
        case .nil:
            guard kind == .say || kind == .pause else {
                throw PromptProblem("ui.\(kind.rawValue) needs id = \"...\": a stable id names the answer in transcripts and the store")
            }
        case .string(let s):
            guard let id = s.string, isValidID(id) else {
                throw PromptProblem("ui.\(kind.rawValue): id must be letters, digits, '-', '_' or '.', starting with a letter or digit (got \"\(s.lossyString)\")")
            }
            prompt.id = id
        default:
            throw PromptProblem("ui.\(kind.rawValue): id must be a string")
        }
        prompt.text = try string(table["text"], field: "text", kind: kind, required: kind != .pause) ?? "Press Enter to continue."
        prompt.title = try string(table["title"], field: "title", kind: kind, required: false)

        switch kind {
        case .say, .pause:
            break
        case .confirm:
            prompt.yes = try string(table["yes"], field: "yes", kind: kind, required: false) ?? "Yes"
            prompt.no = try string(table["no"], field: "no", kind: kind, required: false) ?? "No"
        case .choose, .rank:
            prompt.options = try options(table["options"], kind: kind)
            if kind == .choose {
                let maxDefault = 1
                prompt.maxChoices = try integer(table["max"], field: "max", kind: kind) ?? maxDefault
                prompt.minChoices = try integer(table["min"], field: "min", kind: kind) ?? min(1, prompt.maxChoices)
                guard prompt.maxChoices >= 1 else { throw PromptProblem("ui.choose: max must be at least 1 (got \(prompt.maxChoices))") }
                guard prompt.minChoices >= 0 else { throw PromptProblem("ui.choose: min cannot be negative (got \(prompt.minChoices))") }
                guard prompt.minChoices <= prompt.maxChoices else {
                    throw PromptProblem("ui.choose: min (\(prompt.minChoices)) is more than max (\(prompt.maxChoices))")
                }
                guard prompt.maxChoices <= prompt.options.count else {
                    throw PromptProblem("ui.choose: max = \(prompt.maxChoices) but there \(prompt.options.count == 1 ? "is only 1 option" : "are only \(prompt.options.count) options"): choose \(prompt.maxChoices) of \(prompt.options.count) is impossible")
                }
            } else if prompt.options.count < 2 {
                throw PromptProblem("ui.rank needs at least two options to put in order")
            }
        case .rate:
            if table["scale"] != .nil {
                guard let name = table["scale"].stringValue, let scale = BuiltinScales.all.first(where: { $0.id == name }) else {
                    throw PromptProblem("ui.rate: scale must name a built-in scale (\(BuiltinScales.all.map(\.id).joined(separator: ", "))) or be left out in favour of min, max and labels")
                }
                if table["min"] != .nil || table["max"] != .nil || table["labels"] != .nil {
                    throw PromptProblem("ui.rate: give either scale or min/max/labels, not both")
                }
                let points = scale.options.compactMap { option -> (Int, String)? in
                    guard let v = option.value, v == v.rounded() else { return nil }
                    return (Int(v), option.label)
                }
                guard let low = points.map(\.0).min(), let high = points.map(\.0).max() else {
                    throw PromptProblem("ui.rate: scale '\(name)' has no numeric points")
                }
                prompt.minimum = low
                prompt.maximum = high
                prompt.labels = Dictionary(points, uniquingKeysWith: { a, _ in a })
            } else {
                prompt.minimum = try integer(table["min"], field: "min", kind: kind) ?? 1
                prompt.maximum = try integer(table["max"], field: "max", kind: kind) ?? 5
                guard prompt.minimum < prompt.maximum else {
                    throw PromptProblem("ui.rate: min (\(prompt.minimum)) must be less than max (\(prompt.maximum))")
                }
                guard prompt.maximum - prompt.minimum <= 100 else { throw PromptProblem("ui.rate: a scale may have at most 101 points") }
                switch table["labels"] {
                case .nil: break
                case .table(let labels):
                    guard labels.fields.isEmpty, labels.array.count == prompt.maximum - prompt.minimum + 1 else {
                        throw PromptProblem("ui.rate: labels must be a list of \(prompt.maximum - prompt.minimum + 1) strings, one per point from \(prompt.minimum) to \(prompt.maximum)")
                    }
                    for (i, label) in labels.array.enumerated() {
                        guard let text = label.stringValue else { throw PromptProblem("ui.rate: labels[\(i + 1)] must be a string") }
                        prompt.labels[prompt.minimum + i] = text
                    }
                default:
                    throw PromptProblem("ui.rate: labels must be a list of strings")
                }
            }
        case .text:
            prompt.minLength = try integer(table["min_length"], field: "min_length", kind: kind) ?? 1
            prompt.maxLength = try integer(table["max_length"], field: "max_length", kind: kind) ?? 2000
            guard prompt.minLength >= 0 else { throw PromptProblem("ui.text: min_length cannot be negative") }
            guard prompt.maxLength >= 1, prompt.maxLength <= maxTextLength else {
                throw PromptProblem("ui.text: max_length must be between 1 and \(maxTextLength) (got \(prompt.maxLength))")
            }
            guard prompt.minLength <= prompt.maxLength else {
                throw PromptProblem("ui.text: min_length (\(prompt.minLength)) is more than max_length (\(prompt.maxLength))")
            }
        case .assessor:
            guard case .table(let rubric) = table["rubric"], !rubric.array.isEmpty, rubric.fields.isEmpty else {
                throw PromptProblem("ui.assessor needs rubric = { { mark = 0, text = \"...\" }, ... }: the levels an assessor marks against")
            }
            var marks = Set<Double>()
            for (i, level) in rubric.array.enumerated() {
                guard let t = level.tableValue, let mark = t["mark"].doubleValue, mark.isFinite, let text = t["text"].stringValue else {
                    throw PromptProblem("ui.assessor: rubric[\(i + 1)] must be { mark = NUMBER, text = \"...\" }")
                }
                guard marks.insert(mark).inserted else { throw PromptProblem("ui.assessor: rubric gives mark \(JSONText.number(mark)) twice") }
                prompt.rubric.append(.init(mark: mark, text: text))
            }
            prompt.about = try string(table["about"], field: "about", kind: kind, required: false)
        }
        if table["timeout"] != .nil {
            guard let seconds = table["timeout"].doubleValue, seconds > 0, seconds <= maxTimeout else {
                throw PromptProblem("ui.\(kind.rawValue): timeout must be a number of seconds between 0 and \(Int(maxTimeout))")
            }
            prompt.timeout = seconds
        }
        if table["default"] != .nil {
            guard prompt.timeout != nil else { throw PromptProblem("ui.\(kind.rawValue): default is what a timed prompt gives when time runs out: set timeout too") }
            let value: JSONValue
            do { value = try ScriptJSON.json(table["default"]) } catch { throw PromptProblem("ui.\(kind.rawValue): default: \(error)") }
            do {
                prompt.timeoutDefault = try AnswerCheck.check(value, for: prompt)
            } catch {
                throw PromptProblem("ui.\(kind.rawValue): default is not a valid answer: \(error.message)")
            }
        }
        return prompt
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.utf8.count <= 100,
              CharacterSet.alphanumerics.contains(first) else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    static func string(_ value: LuaValue, field: String, kind: Prompt.Kind, required: Bool) throws(PromptProblem) -> String? {
        switch value {
        case .nil:
            if required { throw PromptProblem("ui.\(kind.rawValue) needs \(field) = \"...\"") }
            return nil
        case .string(let s):
            guard let text = s.string else { throw PromptProblem("ui.\(kind.rawValue): \(field) must be UTF-8 text") }
            if required, text.isEmpty { throw PromptProblem("ui.\(kind.rawValue): \(field) is empty") }
            return text
        default:
            throw PromptProblem("ui.\(kind.rawValue): \(field) must be a string, got \(value.typeName)")
        }
    }

    static func integer(_ value: LuaValue, field: String, kind: Prompt.Kind) throws(PromptProblem) -> Int? {
        if value == .nil { return nil }
        guard let d = value.doubleValue, d == d.rounded(), abs(d) < 1e9 else {
            throw PromptProblem("ui.\(kind.rawValue): \(field) must be a whole number")
        }
        return Int(d)
    }

    static func options(_ value: LuaValue, kind: Prompt.Kind) throws(PromptProblem) -> [Prompt.Option] {
        guard case .table(let list) = value, list.fields.isEmpty, !list.array.isEmpty else {
            throw PromptProblem("ui.\(kind.rawValue) needs options = { { id = \"a\", text = \"...\" }, ... }")
        }
        guard list.array.count <= maxOptions else { throw PromptProblem("ui.\(kind.rawValue): at most \(maxOptions) options") }
        var seen = Set<String>()
        var result: [Prompt.Option] = []
        for (i, entry) in list.array.enumerated() {
            guard let t = entry.tableValue, let id = t["id"].stringValue, let text = t["text"].stringValue else {
                throw PromptProblem("ui.\(kind.rawValue): options[\(i + 1)] must be { id = \"...\", text = \"...\" }")
            }
            guard isValidID(id) else { throw PromptProblem("ui.\(kind.rawValue): options[\(i + 1)] has an unusable id \"\(id)\" (letters, digits, '-', '_', '.')") }
            guard seen.insert(id).inserted else { throw PromptProblem("ui.\(kind.rawValue): option id '\(id)' appears twice") }
            for field in t.fields where !["id", "text"].contains(field.key.stringValue ?? "") {
                throw PromptProblem("ui.\(kind.rawValue): options[\(i + 1)] has an unknown field '\(field.key)' (options have id and text)")
            }
            result.append(.init(id: id, text: text))
        }
        return result
    }

    static func closest(_ name: String, in names: Set<String>) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let best = names.sorted().map { ($0, distance(Array(name), Array($0))) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= 2 else { return nil }
        return best.0
    }
}

/// What is wrong with a `ui.*` call.
struct PromptProblem: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
