import AssessModel
import Foundation
import LuaRuntime

/// Where in a script a problem should be reported.
enum Anchor: Hashable {
    /// The line of the constructor call.
    case call
    /// The first line that assigns this field name (`name =`).
    case key(String)
    /// The n-th line (1-based) that declares this id (`id = "x"`).
    case id(String, occurrence: Int)
}

/// A problem found while validating a spec, before it is located in the source.
struct Problem: Hashable {
    var message: String
    var anchor: Anchor
}

/// Collects problems; shared by the readers of one spec. Keeps the first ``limit`` (a hostile or
/// generated script can have millions), and counts the rest.
final class ProblemList {
    static let limit = 200
    private(set) var items: [Problem] = []
    private var seen: Set<Problem> = []
    private(set) var dropped = 0

    func add(_ message: String, at anchor: Anchor) {
        let problem = Problem(message: message, anchor: anchor)
        guard !seen.contains(problem) else { return }
        guard items.count < Self.limit else {
            dropped += 1
            return
        }
        seen.insert(problem)
        items.append(problem)
    }

    var isEmpty: Bool { items.isEmpty }
}

/// Reads the fields of one spec table, reporting wrong types, missing fields and unknown (often
/// misspelt) fields instead of stopping at the first.
struct SpecReader {
    let table: LuaTable
    /// How the table is named in messages: `instrument`, `dimension 'care'`.
    let what: String
    let problems: ProblemList
    /// Where this table's problems are reported when no field is more precise.
    let anchor: Anchor

    init(_ table: LuaTable, what: String, problems: ProblemList, anchor: Anchor, allowed: [String], allowsArray: Bool = false) {
        self.table = table
        self.what = what
        self.problems = problems
        self.anchor = anchor
        for field in table.fields {
            guard case .string(let key) = field.key, let name = key.string else {
                problems.add("\(what) has a field with a \(field.key.typeName) key; expected names", at: anchor)
                continue
            }
            if name.hasPrefix("__") { continue }  // markers set by constructors
            if !allowed.contains(name) {
                var message = "unknown field '\(name)' in \(what)"
                if let suggestion = closest(to: name, in: allowed) { message += " (did you mean '\(suggestion)'?)" }
                problems.add(message, at: .key(name))
            }
        }
        if !allowsArray, !table.array.isEmpty {
            problems.add("\(what) has \(table.array.count) unnamed value(s); expected only named fields", at: anchor)
        }
    }

    func value(_ key: String) -> LuaValue { table[key] }

    func has(_ key: String) -> Bool { table[key] != .nil }

    func string(_ key: String, required: Bool = false) -> String? {
        switch table[key] {
        case .nil:
            if required { problems.add("\(what) is missing '\(key)'", at: anchor) }
            return nil
        case .string(let s):
            guard let text = s.string else {
                problems.add("'\(key)' in \(what) is not valid UTF-8 text", at: .key(key))
                return nil
            }
            if required, text.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.add("'\(key)' in \(what) is empty", at: .key(key))
            }
            return text
        case let other:
            problems.add("'\(key)' in \(what) must be a string, not a \(other.typeName)", at: .key(key))
            return nil
        }
    }

    func identifier(_ key: String = "id", required: Bool = true) -> String? {
        guard let id = string(key, required: required) else { return nil }
        if !isIdentifier(id) {
            problems.add("\(key) '\(id)' in \(what) must be lowercase letters, digits, '_' or '-', starting with a letter", at: .key(key))
        }
        return id
    }

    func bool(_ key: String, default fallback: Bool = false) -> Bool {
        switch table[key] {
        case .nil: return fallback
        case .boolean(let b): return b
        case let other:
            problems.add("'\(key)' in \(what) must be true or false, not a \(other.typeName)", at: .key(key))
            return fallback
        }
    }

    func number(_ key: String) -> Double? {
        switch table[key] {
        case .nil: return nil
        case .integer, .number:
            let d = table[key].doubleValue!
            guard d.isFinite else {
                problems.add("'\(key)' in \(what) must be a finite number", at: .key(key))
                return nil
            }
            return d
        case let other:
            problems.add("'\(key)' in \(what) must be a number, not a \(other.typeName)", at: .key(key))
            return nil
        }
    }

    func integer(_ key: String, minimum: Int = Int.min) -> Int? {
        guard table[key] != .nil else { return nil }
        guard let value = table[key].integerValue, value >= minimum, value <= Int64(Int32.max) else {
            problems.add("'\(key)' in \(what) must be a whole number\(minimum > Int.min ? " of at least \(minimum)" : "")", at: .key(key))
            return nil
        }
        return Int(value)
    }

    func table(_ key: String) -> LuaTable? {
        switch table[key] {
        case .nil: return nil
        case .table(let t): return t
        case let other:
            problems.add("'\(key)' in \(what) must be a table, not a \(other.typeName)", at: .key(key))
            return nil
        }
    }

    /// A list of tables (`{ {...}, {...} }`).
    func tables(_ key: String, required: Bool = false) -> [LuaTable] {
        guard let list = table(key) else {
            if required { problems.add("\(what) is missing '\(key)'", at: anchor) }
            return []
        }
        if !list.fields.isEmpty {
            problems.add("'\(key)' in \(what) must be a list ({ {...}, {...} }), not a table with named fields", at: .key(key))
        }
        var result: [LuaTable] = []
        for (index, element) in list.array.enumerated() {
            if case .table(let t) = element { result.append(t) } else {
                problems.add("entry \(index + 1) of '\(key)' in \(what) must be a table, not a \(element.typeName)", at: .key(key))
            }
        }
        return result
    }

    /// A list of strings, or a single string.
    func strings(_ key: String) -> [String] {
        switch table[key] {
        case .nil: return []
        case .string(let s): return [s.lossyString]
        case .table(let list):
            var result: [String] = []
            for element in list.array {
                if let s = element.stringValue { result.append(s) } else {
                    problems.add("'\(key)' in \(what) must list strings, found a \(element.typeName)", at: .key(key))
                }
            }
            if !list.fields.isEmpty { problems.add("'\(key)' in \(what) must be a list of strings", at: .key(key)) }
            return result
        case let other:
            problems.add("'\(key)' in \(what) must be a list of strings, not a \(other.typeName)", at: .key(key))
            return []
        }
    }
}

/// Lowercase ASCII letters, digits, `_` and `-`, starting with a letter.
func isIdentifier(_ text: String) -> Bool {
    guard let first = text.utf8.first, first >= 97, first <= 122, text.utf8.count <= 64 else { return false }
    return text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
}

/// The allowed name closest to a misspelt one, when it is close enough to be a likely typo.
func closest(to name: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(name.lowercased(), candidate)
        let allowed = candidate.count <= 3 ? 1 : max(2, candidate.count / 3)
        if distance <= allowed, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    return best?.0
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost 1 (so "scael" is one step from "scale").
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
