import AssessModel
import Foundation
import LuaRuntime

/// Turns an instrument spec (the table given to `assess.instrument`) into an `Instrument`,
/// collecting every problem rather than stopping at the first.
struct InstrumentBuilder {
    let problems = ProblemList()

    static let instrumentFields = [
        "api", "id", "version", "title", "description", "framework", "kind", "extends", "scale", "scales",
        "raters", "anonymity", "dimensions", "items", "comments", "bands", "value_maps", "conversions",
        "scoring", "reports", "columns",
    ]
    static let dimensionFields = ["id", "title", "description", "core", "weight", "items", "elements", "importance", "levels", "prompts", "remove"]
    static let itemFields = ["id", "text", "type", "scale", "reverse", "required", "weight", "value_map", "options", "choose",
                             "key", "raters", "dimension", "remove"]
    static let raterFields = ["id", "label", "self", "min", "max", "always_show", "remove"]
    static let scaleFields = ["id", "kind", "options"]
    static let optionFields = ["value", "label", "code", "na"]

    func build(_ spec: LuaTable) -> Instrument? {
        let reader = SpecReader(spec, what: "instrument", problems: problems, anchor: .call, allowed: Self.instrumentFields)
        let id = reader.identifier()
        let version = reader.string("version", required: true)
        if let version, version.split(separator: ".").count != 3 || version.split(separator: ".").contains(where: { Int($0) == nil }) {
            problems.add("version '\(version)' must be MAJOR.MINOR.PATCH, e.g. \"1.0.0\"", at: .key("version"))
        }
        let title = reader.string("title", required: true)
        let description = reader.string("description")
        let framework = reader.table("framework").flatMap(readFramework)
        var kind = Instrument.Kind.selfAssessment
        if let raw = reader.string("kind") {
            if let k = Instrument.Kind(rawValue: raw) { kind = k } else {
                problems.add("kind '\(raw)' is not one of \(Instrument.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))", at: .key("kind"))
            }
        }

        // Scales: the default scale, named scales, and the built-ins by id.
        var scales: [Scale] = []
        var defaultScale = "frequency5"
        switch reader.value("scale") {
        case .nil: break
        case .string(let s):
            defaultScale = s.lossyString
        case .table(let t):
            if let scale = Self.readScale(t, problems: problems, anchor: .key("scale")) {
                scales.append(scale)
                defaultScale = scale.id
            }
        case let other:
            problems.add("'scale' in instrument must be a scale or a scale id, not a \(other.typeName)", at: .key("scale"))
        }
        if let named = reader.table("scales") {
            for value in named.array {
                guard case .table(let t) = value, let scale = Self.readScale(t, problems: problems, anchor: .key("scales")) else {
                    problems.add("'scales' must list scales made with assess.scale{...}", at: .key("scales"))
                    continue
                }
                scales.append(scale)
            }
            for field in named.fields {
                guard case .table(let t) = field.value, let scale = Self.readScale(t, problems: problems, anchor: .key("scales"), id: field.key.stringValue) else {
                    problems.add("'scales' must map ids to scales made with assess.scale{...}", at: .key("scales"))
                    continue
                }
                scales.append(scale)
            }
        }
        var seenScales = Set<String>()
        for scale in scales where !seenScales.insert(scale.id).inserted {
            problems.add("scale '\(scale.id)' is declared twice", at: .id(scale.id, occurrence: 2))
        }
        func resolveScale(_ id: String, anchor: Anchor, user: String) {
            if scales.contains(where: { $0.id == id }) { return }
            if let builtin = BuiltinScales.all.first(where: { $0.id == id }) {
                scales.append(builtin)
                return
            }
            problems.add("\(user) uses scale '\(id)', which is neither declared nor built in (built in: \(BuiltinScales.all.map(\.id).joined(separator: ", ")))", at: anchor)
        }

        // Raters and anonymity.
        var raters: [RaterGroup] = []
        for (index, table) in reader.tables("raters").enumerated() {
            if let group = readRater(table, index: index) { raters.append(group) }
        }
        if raters.isEmpty { raters = [RaterGroup(id: "self", label: "Self", isSelf: true, minimum: 1, maximum: 1, alwaysShow: true)] }
        var seenRaters = Set<String>()
        for group in raters where !seenRaters.insert(group.id).inserted {
            problems.add("rater group '\(group.id)' is declared twice", at: .id(group.id, occurrence: 2))
        }
        if raters.filter(\.isSelf).count > 1 { problems.add("only one rater group may be marked self = true", at: .key("self")) }
        var anonymity = AnonymityRule()
        if let table = reader.table("anonymity") {
            let r = SpecReader(table, what: "anonymity", problems: problems, anchor: .key("anonymity"), allowed: ["minimum", "policy", "merge_into"])
            anonymity.minimum = r.integer("minimum", minimum: 1) ?? anonymity.minimum
            if let policy = r.string("policy") {
                if let p = AnonymityRule.Policy(rawValue: policy) { anonymity.policy = p } else {
                    problems.add("anonymity policy '\(policy)' must be 'suppress' or 'merge'", at: .key("policy"))
                }
            }
            anonymity.mergeInto = r.string("merge_into")
            if anonymity.policy == .merge {
                if let target = anonymity.mergeInto {
                    if !raters.contains(where: { $0.id == target }) {
                        problems.add("anonymity merges into rater group '\(target)', which is not declared", at: .key("merge_into"))
                    }
                } else {
                    problems.add("anonymity policy 'merge' needs merge_into = \"<rater group id>\"", at: .key("policy"))
                }
            }
        }

        // Value maps and conversions.
        let valueMaps = reader.tables("value_maps").compactMap { Self.readValueMap($0, problems: problems, anchor: .key("value_maps")) }
        let conversions = reader.tables("conversions").compactMap { Self.readConversion($0, problems: problems, anchor: .key("conversions")) }

        // Dimensions and items.
        var itemHomes: [String: String] = [:]   // item id -> dimension id, for duplicate messages
        var dimensionIds = Set<String>()
        var dimensions = reader.tables("dimensions").compactMap { readDimension($0, depth: 0, itemHomes: &itemHomes, dimensionIds: &dimensionIds) }
        // Items listed at instrument level name their dimension.
        for table in reader.tables("items") {
            guard let item = readItem(table, context: "instrument") else { continue }
            let home = SpecReader(table, what: "item '\(item.id)'", problems: ProblemList(), anchor: .call, allowed: Self.itemFields).string("dimension")
            guard let home else {
                problems.add("item '\(item.id)' is in no dimension (add dimension = \"<id>\" or list it in a dimension's items)", at: .id(item.id, occurrence: 1))
                continue
            }
            guard append(item, to: home, in: &dimensions) else {
                problems.add("item '\(item.id)' names dimension '\(home)', which is not declared", at: .id(item.id, occurrence: 1))
                continue
            }
            noteItem(item.id, in: home, homes: &itemHomes)
        }
        if dimensions.isEmpty { problems.add("instrument has no dimensions (declare dimensions = { ... })", at: .call) }
        for dimension in dimensions { checkHasItems(dimension) }

        let comments = reader.tables("comments").compactMap { table -> Item? in
            guard var item = readItem(table, context: "comments") else { return nil }
            item.type = .comment
            noteItem(item.id, in: "comments", homes: &itemHomes)
            return item
        }

        // Every scale an item uses must exist.
        func checkScales(_ items: [Item]) {
            for item in items where item.type.isScaled {
                resolveScale(item.scale ?? defaultScale, anchor: .id(item.id, occurrence: 1), user: "item '\(item.id)'")
            }
        }
        resolveScale(defaultScale, anchor: .key("scale"), user: "instrument")
        let everyItem = dimensions.flatMap { $0.allItems + (Self.importanceItems($0)) }
        checkScales(everyItem)
        let raterIds = Set(raters.map(\.id))
        let mapIds = Set(valueMaps.map(\.id))
        for item in everyItem + comments {
            for rater in item.raters where !raterIds.contains(rater) {
                problems.add("item '\(item.id)' is asked of rater group '\(rater)', which is not declared", at: .id(item.id, occurrence: 1))
            }
            if let map = item.valueMap, !mapIds.contains(map) {
                problems.add("item '\(item.id)' uses value map '\(map)', which is not declared", at: .id(item.id, occurrence: 1))
            }
        }

        // Bands.
        var bandSets: [BandSet] = []
        switch reader.value("bands") {
        case .nil: break
        case .table(let t):
            let isListOfSets = t.array.first?.tableValue?["__type"] == "bands"
            if isListOfSets {
                for value in t.array {
                    if let set = value.tableValue.flatMap({ Self.readBands($0, problems: problems, anchor: .key("bands")) }) { bandSets.append(set) }
                }
            } else if let set = Self.readBands(t, problems: problems, anchor: .key("bands")) {
                bandSets.append(set)
            }
        case let other:
            problems.add("'bands' must be a band list made with assess.bands{...}, not a \(other.typeName)", at: .key("bands"))
        }

        // Scoring, reports, columns.
        var scoring = Scoring(plugin: "scale-scores", bands: bandSets.first?.id)
        if let table = reader.table("scoring") {
            let r = SpecReader(table, what: "scoring", problems: problems, anchor: .key("scoring"), allowed: ["plugin", "bands", "options"])
            // A bundled scorer's id, or a `.lua` file relative to the instrument's folder.
            if let plugin = r.string("plugin") {
                let isPath = plugin.hasSuffix(".lua") && !plugin.hasPrefix("/")
                    && plugin.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._-/".unicodeScalars.contains($0)) }
                if isPath || isIdentifier(plugin) {
                    scoring.plugin = plugin
                } else {
                    problems.add("plugin '\(plugin)' in scoring must be a scorer's id (lowercase letters, digits, '_' or '-') or a relative path to a .lua file", at: .key("plugin"))
                }
            }
            if let bands = r.string("bands") {
                if !bandSets.contains(where: { $0.id == bands }) {
                    problems.add("scoring uses bands '\(bands)', which are not declared", at: .key("bands"))
                }
                scoring.bands = bands
            }
            if let options = r.table("options") { scoring.options = JSONValue(lua: .table(options)) }
        }
        let reports = reader.strings("reports")
        var columns = ColumnMapping()
        if let table = reader.table("columns") {
            let r = SpecReader(table, what: "columns", problems: problems, anchor: .key("columns"), allowed: ["respondent", "subject", "rater", "items", "ignore"])
            columns.respondent = r.string("respondent") ?? columns.respondent
            columns.subject = r.string("subject") ?? columns.subject
            columns.rater = r.string("rater") ?? columns.rater
            if let items = r.table("items") {
                for field in items.fields {
                    guard let item = field.key.stringValue, let column = field.value.stringValue else {
                        problems.add("columns.items must map item ids to column names", at: .key("columns"))
                        continue
                    }
                    if itemHomes[item] == nil { problems.add("columns.items names item '\(item)', which is not declared", at: .key(item)) }
                    columns.items[item] = column
                }
            }
            let ignored = r.strings("ignore")
            if !ignored.isEmpty {
                let used = Set([columns.respondent, columns.subject, columns.rater] + Array(columns.items.values) + Array(itemHomes.keys))
                for name in ignored where used.contains(name) {
                    problems.add("columns.ignore names '\(name)', which is a column the instrument reads", at: .key("ignore"))
                }
                columns.ignore = ignored
            }
        }

        guard problems.isEmpty, let id, let version, let title else { return nil }
        return Instrument(
            id: id, version: version, title: title, description: description, framework: framework, kind: kind,
            apiVersion: reader.value("api").integerValue.map(Int.init) ?? 1, extends: reader.string("extends"),
            scales: scales, defaultScale: defaultScale, raters: raters, anonymity: anonymity, dimensions: dimensions,
            comments: comments, bands: bandSets, valueMaps: valueMaps, conversions: conversions, scoring: scoring,
            reports: reports, columns: columns)
    }

    // MARK: - Parts

    private func readFramework(_ table: LuaTable) -> FrameworkReference? {
        let r = SpecReader(table, what: "framework", problems: problems, anchor: .key("framework"), allowed: ["name", "publisher", "year", "version"])
        guard let name = r.string("name", required: true) else { return nil }
        return FrameworkReference(name: name, publisher: r.string("publisher"), year: r.integer("year", minimum: 1900), version: r.string("version"))
    }

    private func readRater(_ table: LuaTable, index: Int) -> RaterGroup? {
        let name = table["id"].stringValue.map { "rater group '\($0)'" } ?? "rater group \(index + 1)"
        let anchor: Anchor = table["id"].stringValue.map { .id($0, occurrence: 1) } ?? .key("raters")
        let r = SpecReader(table, what: name, problems: problems, anchor: anchor, allowed: Self.raterFields)
        guard let id = r.identifier() else { return nil }
        let minimum = r.integer("min", minimum: 1)
        let maximum = r.integer("max", minimum: 1)
        if let minimum, let maximum, maximum < minimum {
            problems.add("rater group '\(id)' has max \(maximum) below its min \(minimum)", at: anchor)
        }
        let isSelf = r.bool("self", default: id == "self")
        return RaterGroup(id: id, label: r.string("label") ?? id.replacingOccurrences(of: "_", with: " ").capitalized,
                          isSelf: isSelf, minimum: minimum, maximum: maximum ?? (isSelf ? 1 : nil),
                          alwaysShow: r.bool("always_show", default: isSelf))
    }

    private func readDimension(_ table: LuaTable, depth: Int, itemHomes: inout [String: String], dimensionIds: inout Set<String>) -> Dimension? {
        let label = depth == 0 ? "dimension" : "element"
        let name = table["id"].stringValue.map { "\(label) '\($0)'" } ?? label
        let anchor: Anchor = table["id"].stringValue.map { .id($0, occurrence: 1) } ?? .key("dimensions")
        let r = SpecReader(table, what: name, problems: problems, anchor: anchor, allowed: Self.dimensionFields)
        guard let id = r.identifier() else { return nil }
        if !dimensionIds.insert(id).inserted {
            problems.add("\(label) '\(id)' is declared twice", at: .id(id, occurrence: 2))
        }
        var items: [Item] = []
        var seenHere = Set<String>()
        for itemTable in r.tables("items") {
            guard let item = readItem(itemTable, context: "\(label) '\(id)'") else { continue }
            if !seenHere.insert(item.id).inserted {
                problems.add("\(label) '\(id)' lists item '\(item.id)' twice", at: .id(item.id, occurrence: 2))
                continue
            }
            noteItem(item.id, in: id, homes: &itemHomes)
            items.append(item)
        }
        var elements: [Dimension] = []
        if depth < 3 {
            elements = r.tables("elements").compactMap { readDimension($0, depth: depth + 1, itemHomes: &itemHomes, dimensionIds: &dimensionIds) }
        } else if r.has("elements") {
            problems.add("\(name) nests elements more than three levels deep", at: .key("elements"))
        }
        var importance: Item?
        if let table = r.table("importance") {
            importance = readItem(table, context: "\(label) '\(id)' importance")
            if var item = importance {
                if item.scale == nil { item.scale = "importance4" }
                item.type = .importance
                noteItem(item.id, in: id, homes: &itemHomes)
                importance = item
            }
        }
        var levels: [String: String] = [:]
        if let table = r.table("levels") {
            for field in table.fields {
                if let key = field.key.stringValue, let text = field.value.stringValue { levels[key] = text } else {
                    problems.add("levels of \(name) must map band labels to text", at: .key("levels"))
                }
            }
        }
        let weight = r.number("weight") ?? 1
        if weight < 0 { problems.add("weight of \(name) must not be negative", at: .key("weight")) }
        return Dimension(id: id, title: r.string("title", required: true) ?? id, description: r.string("description"),
                         core: r.bool("core"), weight: weight, items: items, elements: elements, importance: importance, levels: levels,
                         prompts: r.strings("prompts"))
    }

    private func readItem(_ table: LuaTable, context: String) -> Item? {
        let name = table["id"].stringValue.map { "item '\($0)'" } ?? "an item in \(context)"
        let anchor: Anchor = table["id"].stringValue.map { .id($0, occurrence: 1) } ?? .call
        let r = SpecReader(table, what: name, problems: problems, anchor: anchor, allowed: Self.itemFields)
        guard let id = r.identifier() else { return nil }
        let text = r.string("text", required: true) ?? ""
        var type = ItemType.rating
        if let raw = r.string("type") {
            if let t = ItemType(rawValue: raw) { type = t } else {
                problems.add("item '\(id)' has type '\(raw)'; expected one of \(ItemType.allCases.map(\.rawValue).joined(separator: ", "))", at: anchor)
            }
        }
        var options: [ItemOption] = []
        for (index, value) in (r.table("options")?.array ?? []).enumerated() {
            switch value {
            case .string(let s): options.append(ItemOption(id: "\(index + 1)", text: s.lossyString))
            case .table(let t):
                let o = SpecReader(t, what: "an option of item '\(id)'", problems: problems, anchor: anchor, allowed: ["id", "text"])
                if let optionId = o.string("id", required: true), let text = o.string("text", required: true) {
                    options.append(ItemOption(id: optionId, text: text))
                }
            default:
                problems.add("options of item '\(id)' must be strings or { id = ..., text = ... }", at: anchor)
            }
        }
        let key = r.strings("key")
        let choose = r.integer("choose", minimum: 1)
        switch type {
        case .ranking, .choose:
            if options.count < 2 { problems.add("\(type.rawValue) item '\(id)' needs at least two options", at: anchor) }
            let optionIds = Set(options.map(\.id))
            for k in key where !optionIds.contains(k) {
                problems.add("key of item '\(id)' names option '\(k)', which the item does not have", at: anchor)
            }
            if type == .choose {
                if let choose {
                    if choose >= options.count { problems.add("choose item '\(id)' asks for \(choose) of \(options.count) options", at: anchor) }
                } else {
                    problems.add("choose item '\(id)' needs choose = N", at: anchor)
                }
            }
        default:
            if !options.isEmpty { problems.add("\(type.rawValue) item '\(id)' does not take options (use a scale)", at: .key("options")) }
        }
        return Item(id: id, text: text, type: type, scale: r.string("scale"), reverse: r.bool("reverse"), required: r.bool("required"),
                    weight: r.number("weight") ?? 1, valueMap: r.string("value_map"), options: options, choose: choose, key: key,
                    raters: r.strings("raters"))
    }

    private func noteItem(_ id: String, in home: String, homes: inout [String: String]) {
        if let earlier = homes[id], earlier != home {
            problems.add("item '\(id)' appears in both '\(earlier)' and '\(home)'", at: .id(id, occurrence: 2))
        } else {
            homes[id] = home
        }
    }

    private func append(_ item: Item, to dimensionId: String, in dimensions: inout [Dimension]) -> Bool {
        for index in dimensions.indices {
            if dimensions[index].id == dimensionId {
                dimensions[index].items.append(item)
                return true
            }
            if append(item, to: dimensionId, in: &dimensions[index].elements) { return true }
        }
        return false
    }

    private func checkHasItems(_ dimension: Dimension) {
        if dimension.allItems.isEmpty {
            problems.add("dimension '\(dimension.id)' has no items", at: .id(dimension.id, occurrence: 1))
        }
    }

    private static func importanceItems(_ dimension: Dimension) -> [Item] {
        (dimension.importance.map { [$0] } ?? []) + dimension.elements.flatMap(importanceItems)
    }

    // MARK: - Shared with the constructors

    static func readScale(_ table: LuaTable, problems: ProblemList, anchor: Anchor, id fallbackId: String? = nil) -> Scale? {
        let r = SpecReader(table, what: "scale", problems: problems, anchor: anchor, allowed: scaleFields)
        let id = r.string("id") ?? fallbackId
        guard let id else {
            problems.add("scale is missing 'id'", at: anchor)
            return nil
        }
        let list = r.tables("options", required: true)
        var options: [ScaleOption] = []
        for (index, t) in list.enumerated() {
            let o = SpecReader(t, what: "option \(index + 1) of scale '\(id)'", problems: problems, anchor: anchor, allowed: optionFields)
            let na = o.bool("na")
            let value = o.number("value")
            guard let label = o.string("label", required: true) else { continue }
            if na, value != nil { problems.add("option '\(label)' of scale '\(id)' is not applicable, so it takes no value", at: anchor) }
            if !na, value == nil { problems.add("option '\(label)' of scale '\(id)' needs a value (or na = true)", at: anchor) }
            options.append(ScaleOption(value: na ? nil : value, label: label, code: o.string("code"), notApplicable: na))
        }
        let values = options.compactMap(\.value)
        if values.count < 2 { problems.add("scale '\(id)' needs at least two scored options", at: anchor) }
        if zip(values, values.dropFirst()).contains(where: { $0 >= $1 }) {
            problems.add("options of scale '\(id)' must be listed in ascending order of value", at: anchor)
        }
        var labels = Set<String>()
        for option in options where !labels.insert(option.label.lowercased()).inserted {
            problems.add("scale '\(id)' has the label '\(option.label)' twice", at: anchor)
        }
        return Scale(id: id, kind: r.string("kind"), options: options)
    }

    static func readBands(_ table: LuaTable, problems: ProblemList, anchor: Anchor) -> BandSet? {
        let r = SpecReader(table, what: "bands", problems: problems, anchor: anchor, allowed: ["id"], allowsArray: true)
        let id = r.string("id") ?? "default"
        var bands: [BandSet.Band] = []
        for (index, value) in table.array.enumerated() {
            guard case .table(let t) = value else {
                problems.add("band \(index + 1) must be a table like { from = 2.5, label = \"Proficient\" }", at: anchor)
                continue
            }
            let b = SpecReader(t, what: "band \(index + 1)", problems: problems, anchor: anchor, allowed: ["from", "label", "colour"])
            guard let from = b.number("from") else {
                problems.add("band \(index + 1) needs from = <lowest score>", at: anchor)
                continue
            }
            guard let label = b.string("label", required: true) else { continue }
            bands.append(BandSet.Band(from: from, label: label, colour: b.string("colour")))
        }
        if bands.isEmpty { problems.add("bands '\(id)' lists no bands", at: anchor) }
        for (previous, next) in zip(bands, bands.dropFirst()) where next.from <= previous.from {
            problems.add("bands '\(id)' are out of order: '\(next.label)' (from \(format(next.from))) must start above '\(previous.label)' (from \(format(previous.from)))", at: anchor)
        }
        return BandSet(id: id, bands: bands)
    }

    static func readValueMap(_ table: LuaTable, problems: ProblemList, anchor: Anchor) -> ValueMap? {
        let r = SpecReader(table, what: "value map", problems: problems, anchor: anchor, allowed: ["id", "map"])
        guard let id = r.identifier(), let map = r.table("map") else {
            problems.add("a value map needs id and map = { [from] = to, ... }", at: anchor)
            return nil
        }
        var entries: [ValueMap.Entry] = []
        for (key, value) in map.pairs {
            guard let from = key.doubleValue, let to = value.doubleValue else {
                problems.add("value map '\(id)' must map numbers to numbers", at: anchor)
                continue
            }
            entries.append(.init(from: from, to: to))
        }
        return ValueMap(id: id, entries: entries)
    }

    static func readConversion(_ table: LuaTable, problems: ProblemList, anchor: Anchor) -> ConversionTable? {
        let r = SpecReader(table, what: "conversion table", problems: problems, anchor: anchor, allowed: ["id", "rows"])
        guard let id = r.identifier() else { return nil }
        var rows: [ConversionTable.Row] = []
        for row in r.tables("rows", required: true) {
            guard row.array.count == 2, let raw = row.array[0].doubleValue, let score = row.array[1].doubleValue else {
                problems.add("rows of conversion table '\(id)' must be pairs { raw, score }", at: anchor)
                continue
            }
            rows.append(.init(raw: raw, score: score))
        }
        let raws = rows.map(\.raw)
        if zip(raws, raws.dropFirst()).contains(where: { $0 >= $1 }) {
            problems.add("rows of conversion table '\(id)' must be in ascending order of raw score", at: anchor)
        }
        return ConversionTable(id: id, rows: rows)
    }

}

/// `2.5` -> "2.5", `3.0` -> "3".
func format(_ number: Double) -> String {
    number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
}
