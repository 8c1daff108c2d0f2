import AssessModel
import LuaRuntime

/// The responses of one subject, grouped.
public struct SubjectGroup: Sendable, Hashable {
    public var subject: String
    /// Sorted by rater group (instrument order), then respondent.
    public var responses: [ResponseRecord]

    public init(subject: String, responses: [ResponseRecord]) {
        self.subject = subject
        self.responses = responses
    }
}

/// How an instrument looks to scorer and reporter scripts (documented in docs/scoring.md).
enum InstrumentValue {
    static func make(_ instrument: Instrument) -> LuaValue {
        let positions = ResponseLayout(instrument).positions
        var table = LuaTable()
        table["id"] = string(instrument.id)
        table["version"] = string(instrument.version)
        table["title"] = string(instrument.title)
        table["kind"] = string(instrument.kind.rawValue)
        table["default_scale"] = string(instrument.defaultScale)
        var scales = LuaTable()
        for scale in instrument.scales {
            var sc = LuaTable()
            sc["id"] = string(scale.id)
            sc["min"] = number(scale.minimum)
            sc["max"] = number(scale.maximum)
            sc["options"] = .table(LuaTable(array: scale.options.map { option in
                    var o = LuaTable()
                    if let value = option.value { o["value"] = number(value) }
                    o["label"] = string(option.label)
                    if option.notApplicable { o["na"] = true }
                    return .table(o)
                }))
            if let kind = scale.kind { sc["kind"] = string(kind) }
            scales[scale.id] = .table(sc)
        }
        table["scales"] = .table(scales)
        table["dimensions"] = .table(LuaTable(array: instrument.dimensions.map { dimension($0, instrument, positions) }))
        table["raters"] = .table(LuaTable(array: instrument.raters.map { group in
            var g = LuaTable()
            g["id"] = string(group.id)
            g["label"] = string(group.label)
            g["self"] = .boolean(group.isSelf)
            g["min"] = .integer(Int64(group.minimum ?? instrument.anonymity.minimum))
            g["always_show"] = .boolean(group.alwaysShow)
            return .table(g)
        }))
        var anonymity = LuaTable()
        anonymity["minimum"] = .integer(Int64(instrument.anonymity.minimum))
        anonymity["policy"] = string(instrument.anonymity.policy.rawValue)
        if let target = instrument.anonymity.mergeInto { anonymity["merge_into"] = string(target) }
        table["anonymity"] = .table(anonymity)
        var bands = LuaTable()
        for set in instrument.bands {
            bands[set.id] = .table(LuaTable(array: set.bands.map { band in
                var b = LuaTable()
                b["from"] = number(band.from)
                b["label"] = string(band.label)
                if let colour = band.colour { b["colour"] = string(colour) }
                return .table(b)
            }))
        }
        table["bands"] = .table(bands)
        var maps = LuaTable()
        for map in instrument.valueMaps {
            maps[map.id] = .table(LuaTable(map.entries.map { (number($0.from), number($0.to)) }))
        }
        table["value_maps"] = .table(maps)
        var conversions = LuaTable()
        for conversion in instrument.conversions {
            conversions[conversion.id] = .table(LuaTable(conversion.rows.map { (number($0.raw), number($0.score)) }))
        }
        table["conversions"] = .table(conversions)
        var scoring = LuaTable()
        scoring["plugin"] = string(instrument.scoring.plugin)
        if let bands = instrument.scoring.bands { scoring["bands"] = string(bands) }
        table["scoring"] = .table(scoring)
        table["comments"] = .table(LuaTable(array: instrument.comments.map { string($0.id) }))
        return .table(table)
    }

    private static func dimension(_ d: Dimension, _ instrument: Instrument, _ positions: [String: Int]) -> LuaValue {
        var t = LuaTable()
        t["id"] = string(d.id)
        t["title"] = string(d.title)
        t["core"] = .boolean(d.core)
        t["weight"] = number(d.weight)
        t["items"] = .table(LuaTable(array: d.items.map { item($0, instrument, positions) }))
        t["elements"] = .table(LuaTable(array: d.elements.map { dimension($0, instrument, positions) }))
        if let importance = d.importance { t["importance"] = item(importance, instrument, positions) }
        return .table(t)
    }

    private static func item(_ i: Item, _ instrument: Instrument, _ positions: [String: Int]) -> LuaValue {
        var t = LuaTable()
        t["id"] = string(i.id)
        // Where its answers are in subject.packed (1-based), for the assess.stats kernels.
        if let position = positions[i.id] { t["position"] = .integer(Int64(position + 1)) }
        t["type"] = string(i.type.rawValue)
        t["scale"] = string(i.scale ?? instrument.defaultScale)
        t["reverse"] = .boolean(i.reverse)
        t["weight"] = number(i.weight)
        if let map = i.valueMap { t["value_map"] = string(map) }
        if !i.key.isEmpty { t["key"] = .table(LuaTable(array: i.key.map(string))) }
        if let choose = i.choose { t["choose"] = .integer(Int64(choose)) }
        if !i.options.isEmpty { t["options"] = .table(LuaTable(array: i.options.map { string($0.id) })) }
        return .table(t)
    }

    static func string(_ s: String) -> LuaValue { .string(LuaString(s)) }

    /// Integers stay integers (3, not 3.0) so scripts print what people expect.
    static func number(_ d: Double) -> LuaValue {
        if let i = Int64(exactly: d) { return .integer(i) }
        return .number(d)
    }
}

/// How a subject's responses look to a scorer: columns per item, one entry per response.
///
/// `subject.answers[item_id][k]` is response k's answer: a number (the scale value), `"na"` when
/// not applicable, `false` when not answered, a string for comments, a list of option ids for
/// ranking and choose items. `subject.raters[k]` and `subject.respondents[k]` say whose it is.
/// `subject.packed` holds the same answers packed for the `assess.stats` kernels (see
/// ``LuaKernel``). When every answer is a number, "na" or unanswered, `answers` is not written:
/// the driver makes it from `packed` the first time a scorer reads it.
enum SubjectValue {
    /// Writes a subject straight into a call, without building intermediate values.
    static func write(_ group: SubjectGroup, layout: ResponseLayout, into w: ValueWriter) throws {
        let n = group.responses.count
        let m = layout.entries.count
        var eager = false
        // The packed answers: header (items, responses), then response by response: each record's
        // own packed words (see PackedAnswer), copied as they are.
        let cells = 1 + n * m
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: cells) { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base).storeBytes(of: UInt32(m).littleEndian, as: UInt32.self)
            UnsafeMutableRawPointer(base).storeBytes(of: UInt32(n).littleEndian, toByteOffset: 4, as: UInt32.self)
            var cell = base + 1
            for response in group.responses {
                if !response.others.isEmpty { eager = true }
                response.packed.withUnsafeBufferPointer { answers in
                    let present = min(answers.count, m)
                    cell.initialize(from: answers.baseAddress!, count: present)
                    cell += present
                    for _ in present..<m {
                        cell.initialize(to: PackedAnswer.missing)
                        cell += 1
                    }
                }
            }
            w.table(sequence: 0, fields: eager ? 6 : 5)
            w.string("packed")
            w.bytes(UnsafeRawBufferPointer(start: base, count: cells * 8))
        }
        if eager {
            w.string("answers")
            w.table(sequence: 0, fields: m)
            for (position, entry) in layout.entries.enumerated() {
                w.string(entry.item.id)
                w.table(sequence: n, fields: 0)
                for response in group.responses {
                    let answer = position < response.count ? response.answer(at: position) : .missing
                    switch answer {
                    case .missing: w.boolean(false)
                    case .value(let d):
                        if let i = Int64(exactly: d) { w.integer(i) } else { w.number(d) }
                    case .notApplicable: w.string("na")
                    case .text(let s): w.string(s)
                    case .options(let ids):
                        w.table(sequence: ids.count, fields: 0)
                        for id in ids { w.string(id) }
                    }
                }
            }
        }
        w.string("count")
        w.integer(Int64(n))
        w.string("id")
        w.string(group.subject)
        w.string("raters")
        w.table(sequence: n, fields: 0)
        for response in group.responses { w.string(response.rater) }
        w.string("respondents")
        w.table(sequence: n, fields: 0)
        for response in group.responses { w.string(response.respondent) }
    }
}
