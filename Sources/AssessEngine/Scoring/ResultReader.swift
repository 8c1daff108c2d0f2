import AssessModel
import LuaRuntime

/// A scorer returned something that is not a valid result.
public struct ScoringError: Error, Hashable, Sendable, CustomStringConvertible {
    public var plugin: String
    public var subject: String
    public var message: String
    public var description: String { "\(plugin): scoring subject '\(subject)': \(message)" }
}

/// Validates a scorer's result table and turns it into ``SubjectScores``.
///
/// The shape: `{ dimensions = { { id =, score =, band =, answered =, reason =, stats = {...},
/// flags = {...}, groups = { [group] = { score =, answered =, ... } } }, ... }, overall = {...},
/// items = { ... }, extra = {...} }`. `score` is a finite number or absent (then `reason` says why).
struct ResultReader {
    let instrument: Instrument
    /// Every dimension and element id, and every item id: made once, checked for every subject.
    private let dimensionIds: Set<String>
    private let itemIds: Set<String>
    private let selfOnly: Bool

    init(instrument: Instrument) {
        self.instrument = instrument
        var dimensionIds = Set<String>()
        func collect(_ d: Dimension) {
            dimensionIds.insert(d.id)
            d.elements.forEach(collect)
        }
        instrument.dimensions.forEach(collect)
        self.dimensionIds = dimensionIds
        itemIds = Set(ResponseLayout(instrument).entries.map(\.item.id))
        selfOnly = instrument.raters.allSatisfy(\.isSelf)
    }

    func read(_ value: LuaValue, group: SubjectGroup, plugin: String) throws -> SubjectScores {
        func fail(_ message: String) -> ScoringError { ScoringError(plugin: plugin, subject: group.subject, message: message) }
        guard let table = value.tableValue else { throw fail("the scorer must return a table, not a \(value.typeName)") }
        for field in table.fields {
            guard let key = field.key.stringValue, ["dimensions", "overall", "items", "extra"].contains(key) else {
                throw fail("unknown field '\(field.key.stringValue ?? field.key.typeName)' in the result (expected dimensions, overall, items, extra)")
            }
        }
        let dimensions = try entries(table["dimensions"], what: "dimensions", known: dimensionIds, fail: fail)
        let items = try entries(table["items"], what: "items", known: itemIds, fail: fail)
        var overall: ScoreEntry?
        if table["overall"] != .nil {
            guard let t = table["overall"].tableValue else { throw fail("overall must be a table") }
            overall = try entry(t, defaultId: "overall", fail: fail)
        }
        return SubjectScores(subject: group.subject, responses: selfOnly ? group.responses.count : nil,
                             dimensions: dimensions, overall: overall, items: items,
                             extra: table["extra"] == .nil ? nil : JSONValue(lua: table["extra"]))
    }

    private func entries(_ value: LuaValue, what: String, known: Set<String>, fail: (String) -> ScoringError) throws -> [ScoreEntry] {
        if value == .nil { return [] }
        guard let list = value.tableValue, list.fields.isEmpty else { throw fail("\(what) must be a list of tables") }
        var seen = Set<String>()
        return try list.array.map { element in
            guard let t = element.tableValue else { throw fail("\(what) must be a list of tables") }
            let entry = try entry(t, defaultId: nil, fail: fail)
            guard known.contains(entry.id) else { throw fail("\(what) lists '\(entry.id)', which the instrument does not have") }
            guard seen.insert(entry.id).inserted else { throw fail("\(what) lists '\(entry.id)' twice") }
            return entry
        }
    }

    private func entry(_ t: LuaTable, defaultId: String?, fail: (String) -> ScoringError) throws -> ScoreEntry {
        let allowed = ["id", "score", "band", "answered", "reason", "stats", "flags", "groups"]
        for field in t.fields where !allowed.contains(field.key.stringValue ?? "") {
            throw fail("unknown field '\(field.key.stringValue ?? field.key.typeName)' in a score (expected \(allowed.joined(separator: ", ")))")
        }
        guard let id = t["id"].stringValue ?? defaultId else { throw fail("a score is missing its id") }
        var score: Double?
        switch t["score"] {
        case .nil: score = nil
        case .integer, .number:
            let d = t["score"].doubleValue!
            guard d.isFinite else { throw fail("the score of '\(id)' is not a finite number") }
            score = d
        default: throw fail("the score of '\(id)' must be a number")
        }
        var stats: [String: Double] = [:]
        for (key, value) in (t["stats"].tableValue ?? LuaTable()).pairs {
            guard let name = key.stringValue, let number = value.doubleValue, number.isFinite else {
                throw fail("stats of '\(id)' must map names to finite numbers")
            }
            stats[name] = number
        }
        var groups: [String: ScoreEntry] = [:]
        for (key, value) in (t["groups"].tableValue ?? LuaTable()).pairs {
            guard let name = key.stringValue, let g = value.tableValue else { throw fail("groups of '\(id)' must map group ids to scores") }
            guard instrument.raterGroup(name) != nil || name == "all_others" else {
                throw fail("groups of '\(id)' names '\(name)', which is not a rater group of the instrument")
            }
            groups[name] = try entry(g, defaultId: name, fail: fail)
        }
        let flags = (t["flags"].tableValue?.array ?? []).compactMap(\.stringValue)
        return ScoreEntry(id: id, score: score, band: t["band"].stringValue, answered: t["answered"].integerValue.map(Int.init),
                          reason: t["reason"].stringValue, stats: stats, flags: flags, groups: groups)
    }


    // MARK: - Straight from the Lua stack

    /// The same scores as ``read(_:group:plugin:)`` gives for a well-formed result, read in place
    /// on the Lua stack without copying the tables first. `nil` for anything unusual (a field it
    /// does not know, `extra`, a proxy, a value of an unexpected type, an id the instrument does
    /// not have): the caller then copies the value and calls ``read(_:group:plugin:)``, which
    /// gives the exact error or result. Never throws, so the two can never disagree on a result.
    func readFast(_ value: LuaCursor, group: SubjectGroup) -> SubjectScores? {
        guard value.type == .table, !value.hasMetatable else { return nil }
        var dimensions: [ScoreEntry] = [], items: [ScoreEntry] = [], overall: ScoreEntry?
        let complete = value.forEach { key, field in
            if key.isString("dimensions") {
                guard let list = fastEntries(field, known: dimensionIds) else { return false }
                dimensions = list
            } else if key.isString("overall") {
                guard let entry = fastEntry(field, defaultId: "overall", depth: 0) else { return false }
                overall = entry
            } else if key.isString("items") {
                guard let list = fastEntries(field, known: itemIds) else { return false }
                items = list
            } else {
                return false
            }
            return true
        }
        guard complete else { return nil }
        return SubjectScores(subject: group.subject, responses: selfOnly ? group.responses.count : nil,
                             dimensions: dimensions, overall: overall, items: items, extra: nil)
    }

    /// A plain list: keys exactly 1...n.
    private func isPlainList(_ list: LuaCursor) -> Bool {
        guard list.type == .table, !list.hasMetatable else { return false }
        let n = list.length
        var keys = 0
        let ok = list.forEach { key, _ in
            guard let k = key.integer, key.type == .number, k >= 1, k <= n else { return false }
            keys += 1
            return true
        }
        return ok && keys == n
    }

    private func fastEntries(_ list: LuaCursor, known: Set<String>) -> [ScoreEntry]? {
        guard isPlainList(list) else { return nil }
        var entries: [ScoreEntry] = []
        entries.reserveCapacity(list.length)
        for position in 1...max(1, list.length) where position <= list.length {
            guard let entry = list.element(position, { fastEntry($0, defaultId: nil, depth: 0) }) ?? nil,
                  known.contains(entry.id) else { return nil }
            entries.append(entry)
        }
        // Each id once (a handful of entries: comparing is cheaper than hashing).
        if entries.count <= 64 {
            for i in entries.indices.dropFirst() where entries[..<i].contains(where: { $0.id == entries[i].id }) { return nil }
        } else if Set(entries.map(\.id)).count != entries.count {
            return nil
        }
        return entries
    }

    private func fastEntry(_ t: LuaCursor, defaultId: String?, depth: Int) -> ScoreEntry? {
        guard t.type == .table, !t.hasMetatable, depth < 4 else { return nil }
        var id: String?, score: Double?, band: String?, answered: Int?, reason: String?
        var stats: [String: Double] = [:], flags: [String] = [], groups: [String: ScoreEntry] = [:]
        let complete = t.forEach { key, value in
            if key.isString("id") {
                guard let text = value.string else { return false }
                id = text
            } else if key.isString("score") {
                guard let number = value.double, number.isFinite else { return false }
                score = number
            } else if key.isString("answered") {
                guard let count = value.integer, let small = Int(exactly: count) else { return false }
                answered = small
            } else if key.isString("band") {
                guard let text = value.string else { return false }
                band = text
            } else if key.isString("reason") {
                guard let text = value.string else { return false }
                reason = text
            } else if key.isString("stats") {
                guard value.type == .table, !value.hasMetatable else { return false }
                return value.forEach { name, figure in
                    guard let name = name.string, let number = figure.double, number.isFinite else { return false }
                    stats[name] = number
                    return true
                }
            } else if key.isString("flags") {
                guard isPlainList(value) else { return false }
                for position in 1...max(1, value.length) where position <= value.length {
                    guard let flag = value.element(position, { $0.string }) ?? nil else { return false }
                    flags.append(flag)
                }
            } else if key.isString("groups") {
                guard value.type == .table, !value.hasMetatable else { return false }
                return value.forEach { name, group in
                    guard let name = name.string, instrument.raterGroup(name) != nil || name == "all_others",
                          let entry = fastEntry(group, defaultId: name, depth: depth + 1) else { return false }
                    groups[name] = entry
                    return true
                }
            } else {
                return false
            }
            return true
        }
        guard complete, let id = id ?? defaultId else { return nil }
        return ScoreEntry(id: id, score: score, band: band, answered: answered, reason: reason, stats: stats, flags: flags, groups: groups)
    }
}
