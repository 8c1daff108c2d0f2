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

}
