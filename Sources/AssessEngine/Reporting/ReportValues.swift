import AssessModel
import LuaRuntime

/// The score model and the instrument as reporter scripts see them (documented in docs/reports.md).
///
/// Scores arrive rounded as the score files round them (4 places), so a report rendered from
/// responses and one rendered from a saved scores file are the same bytes.
enum ReportValues {
    private static func s(_ text: String) -> LuaValue { .string(LuaString(text)) }

    /// `{ subject, responses?, dimensions = { entry... }, overall?, items = { entry... }, extra = {...} }`
    static func subject(_ scores: SubjectScores) -> LuaValue {
        let rounded = ScoreWriter(format: .json).rounded(scores)
        var t = LuaTable()
        t["subject"] = s(rounded.subject)
        if let responses = rounded.responses { t["responses"] = .integer(Int64(responses)) }
        t["dimensions"] = .table(LuaTable(array: rounded.dimensions.map(entry)))
        if let overall = rounded.overall { t["overall"] = entry(overall) }
        t["items"] = .table(LuaTable(array: rounded.items.map(entry)))
        t["extra"] = rounded.extra?.luaValue ?? .table(LuaTable())
        return .table(t)
    }

    static func entry(_ e: ScoreEntry) -> LuaValue {
        var t = LuaTable()
        t["id"] = s(e.id)
        if let score = e.score { t["score"] = InstrumentValue.number(score) }
        if let band = e.band { t["band"] = s(band) }
        if let answered = e.answered { t["answered"] = .integer(Int64(answered)) }
        if let reason = e.reason { t["reason"] = s(reason) }
        var stats = LuaTable()
        for (key, value) in e.stats.sorted(by: { $0.key < $1.key }) { stats[key] = InstrumentValue.number(value) }
        t["stats"] = .table(stats)
        t["flags"] = .table(LuaTable(array: e.flags.map(s)))
        var groups = LuaTable()
        for (key, value) in e.groups.sorted(by: { $0.key < $1.key }) { groups[key] = entry(value) }
        t["groups"] = .table(groups)
        return .table(t)
    }

    static func provenance(_ p: Provenance) -> LuaValue {
        var t = LuaTable()
        t["instrument"] = s(p.instrument)
        t["instrument_version"] = s(p.instrumentVersion)
        t["instrument_hash"] = s(p.instrumentHash)
        t["scorer"] = s(p.scorer)
        t["scorer_version"] = s(p.scorerVersion)
        t["scorer_hash"] = s(p.scorerHash)
        t["api_version"] = s(p.apiVersion)
        t["toolkit_version"] = s(p.toolkitVersion)
        t["inputs"] = .table(LuaTable(array: p.inputs.map { input in
            var i = LuaTable()
            i["file"] = s(input.file)
            i["hash"] = s(input.hash)
            return .table(i)
        }))
        t["options"] = p.options.luaValue
        return .table(t)
    }

    /// The scorer's view of the instrument (``InstrumentValue``), with what people read added:
    /// descriptions, item wording, level descriptors and prompts, comment questions.
    static func instrument(_ instrument: Instrument) -> LuaValue {
        guard case .table(var t) = InstrumentValue.make(instrument) else { return .nil }
        if let description = instrument.description { t["description"] = s(description) }
        if let framework = instrument.framework {
            var f = LuaTable()
            f["name"] = s(framework.name)
            if let publisher = framework.publisher { f["publisher"] = s(publisher) }
            if let year = framework.year { f["year"] = .integer(Int64(year)) }
            if let version = framework.version { f["version"] = s(version) }
            t["framework"] = .table(f)
        }
        t["dimensions"] = .table(LuaTable(array: instrument.dimensions.map { dimension($0, instrument) }))
        t["comments"] = .table(LuaTable(array: instrument.comments.map { item($0, instrument) }))
        t["reports"] = .table(LuaTable(array: instrument.reports.map(s)))
        return .table(t)
    }

    private static func dimension(_ d: Dimension, _ instrument: Instrument) -> LuaValue {
        var t = LuaTable()
        t["id"] = s(d.id)
        t["title"] = s(d.title)
        if let description = d.description { t["description"] = s(description) }
        t["core"] = .boolean(d.core)
        t["weight"] = InstrumentValue.number(d.weight)
        t["items"] = .table(LuaTable(array: d.items.map { item($0, instrument) }))
        t["elements"] = .table(LuaTable(array: d.elements.map { dimension($0, instrument) }))
        if let importance = d.importance { t["importance"] = item(importance, instrument) }
        var levels = LuaTable()
        for (key, value) in d.levels.sorted(by: { $0.key < $1.key }) { levels[key] = s(value) }
        t["levels"] = .table(levels)
        t["prompts"] = .table(LuaTable(array: d.prompts.map(s)))
        return .table(t)
    }

    private static func item(_ i: Item, _ instrument: Instrument) -> LuaValue {
        var t = LuaTable()
        t["id"] = s(i.id)
        t["text"] = s(i.text)
        t["type"] = s(i.type.rawValue)
        t["scale"] = s(i.scale ?? instrument.defaultScale)
        t["reverse"] = .boolean(i.reverse)
        t["required"] = .boolean(i.required)
        t["weight"] = InstrumentValue.number(i.weight)
        if let map = i.valueMap { t["value_map"] = s(map) }
        if !i.key.isEmpty { t["key"] = .table(LuaTable(array: i.key.map(s))) }
        if let choose = i.choose { t["choose"] = .integer(Int64(choose)) }
        if !i.options.isEmpty {
            t["options"] = .table(LuaTable(array: i.options.map { option in
                var o = LuaTable()
                o["id"] = s(option.id)
                o["text"] = s(option.text)
                return .table(o)
            }))
        }
        if !i.raters.isEmpty { t["raters"] = .table(LuaTable(array: i.raters.map(s))) }
        return .table(t)
    }
}
