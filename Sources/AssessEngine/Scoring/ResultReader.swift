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
    /// Every dimension and element id, then every item id, in instrument order: the names the
    /// result tape's known ids index (``decode(_:at:group:)``).
    let dimensionNames: [String]
    let itemNames: [String]
    private let names: [String]
    /// The names as CSV fields (quoted where they need it), for rows made from the tape.
    private let csvNames: [[UInt8]]

    init(instrument: Instrument) {
        self.instrument = instrument
        var dimensionNames: [String] = []
        func collect(_ d: Dimension) {
            dimensionNames.append(d.id)
            d.elements.forEach(collect)
        }
        instrument.dimensions.forEach(collect)
        self.dimensionNames = dimensionNames
        dimensionIds = Set(dimensionNames)
        itemNames = ResponseLayout(instrument).entries.map(\.item.id)
        itemIds = Set(itemNames)
        names = dimensionNames + itemNames
        csvNames = names.map { name in
            var bytes: [UInt8] = []
            ScoreWriter.appendCSV(name, to: &bytes)
            return bytes
        }
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


    // MARK: - From the result tape

    /// The next subject's spool record on the result tape: its id, then its `--format csv` rows
    /// (dimensions in order, then overall), made straight from the tape; the same bytes as
    /// ``decode(_:at:group:)`` followed by ``CSVRows``. `nil` when `capture` did not take the
    /// result.
    func decodeRows(_ tape: UnsafeRawBufferPointer, at offset: inout Int, group: SubjectGroup, rows: CSVRows) throws -> [UInt8]? {
        var reader = TapeReader(tape: tape, offset: offset, names: names)
        defer { offset = reader.offset }
        guard try reader.u8() == 1 else { return nil }
        var bytes: [UInt8] = []
        ScoresCodec.string(group.subject, &bytes)
        bytes.reserveCapacity(bytes.count + 64 * 12)
        let subject = Array(ScoreWriter.csv(group.subject).utf8)
        var overall: [UInt8] = []
        while true {
            switch try reader.u8() {
            case 0:
                bytes += overall
                return bytes
            case 1:
                for _ in 0..<(try reader.u32()) { try reader.row(subject: subject, defaultId: nil, csvNames: csvNames, rows: rows, into: &bytes) }
            case 2: try reader.row(subject: subject, defaultId: "overall", csvNames: csvNames, rows: rows, into: &overall)
            case 3: for _ in 0..<(try reader.u32()) { _ = try reader.entry(defaultId: nil) }
            case 4: _ = try reader.extra()
            default: throw TapeReader.Malformed()
            }
        }
    }

    /// The next subject's scores on the result tape that the driver's `capture` kernel wrote (its
    /// format is described in CLuaShims/results.c), advancing `offset`; `nil` when `capture` did
    /// not take this subject's result (the caller then reads the value itself). What `capture`
    /// takes has passed the same checks as ``read(_:group:plugin:)`` makes, so the two give the
    /// same scores.
    func decode(_ tape: UnsafeRawBufferPointer, at offset: inout Int, group: SubjectGroup) throws -> SubjectScores? {
        var reader = TapeReader(tape: tape, offset: offset, names: names)
        defer { offset = reader.offset }
        guard try reader.u8() == 1 else { return nil }
        var dimensions: [ScoreEntry] = [], items: [ScoreEntry] = [], overall: ScoreEntry?, extra: JSONValue?
        while true {
            switch try reader.u8() {
            case 0:
                return SubjectScores(subject: group.subject, responses: selfOnly ? group.responses.count : nil,
                                     dimensions: dimensions, overall: overall, items: items, extra: extra)
            case 1: dimensions = try reader.entries()
            case 2: overall = try reader.entry(defaultId: "overall")
            case 3: items = try reader.entries()
            case 4: extra = try reader.extra()
            default: throw TapeReader.Malformed()
            }
        }
    }
}

/// Reads the result tape (see CLuaShims/results.c for its format).
private struct TapeReader {
    /// The tape does not hold what its writer writes: a host bug, never a script's doing.
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "internal error: the scorer results could not be read back" }
    }

    let tape: UnsafeRawBufferPointer
    var offset: Int
    let names: [String]

    private mutating func take(_ n: Int) throws -> Int {
        guard n >= 0, offset + n <= tape.count else { throw Malformed() }
        defer { offset += n }
        return offset
    }

    mutating func u8() throws -> UInt8 { tape[try take(1)] }
    mutating func u32() throws -> Int { Int(tape.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self)) }
    mutating func f64() throws -> Double { tape.loadUnaligned(fromByteOffset: try take(8), as: Double.self) }
    mutating func i64() throws -> Int64 { tape.loadUnaligned(fromByteOffset: try take(8), as: Int64.self) }

    /// A string the writer checked to be UTF-8.
    mutating func string() throws -> String {
        let n = try u32()
        let at = try take(n)
        return String(decoding: UnsafeRawBufferPointer(rebasing: tape[at..<at + n]), as: UTF8.self)
    }

    mutating func entries() throws -> [ScoreEntry] {
        let n = try u32()
        var list: [ScoreEntry] = []
        list.reserveCapacity(n)
        for _ in 0..<n { list.append(try entry(defaultId: nil)) }
        return list
    }

    /// One entry's fields as the tape holds them; `stats` and `groups` only when `detail` asks
    /// for them (a CSV row has no place for them: they are read past).
    struct Fields {
        var known: Int?, id: String?, score: Double?, band: String?, answered: Int?, reason: String?
        var stats: [String: Double] = [:], flags: [String] = [], groups: [String: ScoreEntry] = [:]
    }

    mutating func fields(defaultId: String?, detail: Bool) throws -> Fields {
        var f = Fields(id: defaultId)
        while true {
            switch try u8() {
            case 0:
                guard f.known != nil || f.id != nil else { throw Malformed() }
                return f
            case 1:
                let index = try u32()
                guard index < names.count else { throw Malformed() }
                f.known = index
                f.id = nil
            case 2:
                f.id = try string()
                f.known = nil
            case 3: f.score = try f64()
            case 4: f.answered = Int(try i64())
            case 5: f.band = try string()
            case 6: f.reason = try string()
            case 7:
                let n = try u32()
                if detail { f.stats.reserveCapacity(n) }
                for _ in 0..<n {
                    let name = try string()
                    let value = try f64()
                    if detail { f.stats[name] = value }
                }
            case 8:
                let n = try u32()
                f.flags.reserveCapacity(n)
                for _ in 0..<n { f.flags.append(try string()) }
            case 9:
                let n = try u32()
                for _ in 0..<n {
                    let name = try string()
                    let group = try entry(defaultId: name)
                    if detail { f.groups[name] = group }
                }
            default: throw Malformed()
            }
        }
    }

    mutating func entry(defaultId: String?) throws -> ScoreEntry {
        let f = try fields(defaultId: defaultId, detail: true)
        return ScoreEntry(id: f.known.map { names[$0] } ?? f.id!, score: f.score, band: f.band, answered: f.answered,
                          reason: f.reason, stats: f.stats, flags: f.flags, groups: f.groups)
    }

    /// One entry as a CSV row (the fields ``entry(defaultId:)`` reads, written as ``CSVRows``
    /// writes them; a known id's CSV field is made once per session, in `csvNames`).
    mutating func row(subject: [UInt8], defaultId: String?, csvNames: [[UInt8]], rows: CSVRows, into bytes: inout [UInt8]) throws {
        let f = try fields(defaultId: defaultId, detail: false)
        let id: (inout [UInt8]) -> Void
        if let known = f.known { id = { $0 += csvNames[known] } } else { let text = f.id!; id = { ScoreWriter.appendCSV(text, to: &$0) } }
        rows.appendRow(subject: subject, id: id, score: f.score, band: f.band, answered: f.answered, reason: f.reason,
                       flags: f.flags, to: &bytes)
    }

    /// `extra` as ``JSONValue/init(lua:)`` makes it from a table of named scalars.
    mutating func extra() throws -> JSONValue {
        let n = try u32()
        var object: [String: JSONValue] = [:]
        for _ in 0..<n {
            let key = try string()
            switch try u8() {
            case 1: object[key] = .bool(false)
            case 2: object[key] = .bool(true)
            case 3: object[key] = .number(try f64())
            case 4: object[key] = .string(try string())
            default: throw Malformed()
            }
        }
        return .object(object)
    }
}
