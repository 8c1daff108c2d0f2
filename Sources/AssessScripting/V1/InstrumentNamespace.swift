import AssessModel
import LuaRuntime

/// `assess.instrument`, `assess.scale`, `assess.bands`, `assess.value_map`, `assess.conversion`
/// and `assess.scales`: the constructors instrument scripts are written with.
enum InstrumentNamespace {
    static let entries: [APIEntry] = [
        APIEntry(
            name: "assess.instrument", kind: .function, type: "fun(spec: InstrumentSpec): InstrumentSpec",
            summary: "Declares an instrument; an instrument script returns its result.",
            details: """
                Validates the whole spec and reports every problem at the script's own line (for example
                `instrument.lua:14: dimension 'care' lists item 'c9' twice`). With `extends`, the spec is
                merged onto the named instrument's: fields replace the base's, and lists of things with ids
                (`dimensions`, `elements`, `items`, `raters`, `comments`) merge by id (`remove = true`
                deletes an entry).
                """,
            example: """
                return assess.instrument {
                  api = 1, id = "team-360", version = "1.0.0", title = "Team leadership 360", kind = "360",
                  scale = "frequency5_not_observed",
                  raters = {
                    { id = "self", label = "Self" },
                    { id = "manager", label = "Line manager", min = 1, always_show = true },
                    { id = "peer", label = "Peers", min = 3 },
                  },
                  dimensions = {
                    { id = "leading_with_care", title = "Leading with care", items = {
                        { id = "lwc_1", text = "Notices when colleagues are under pressure and responds" },
                        { id = "lwc_2", text = "Puts own interests ahead of patient care", reverse = true } } },
                  },
                  bands = assess.bands { { from = 1, label = "Essential" }, { from = 2.5, label = "Proficient" },
                                         { from = 3.5, label = "Strong" }, { from = 4.25, label = "Exemplary" } },
                  scoring = { plugin = "rater-groups" },
                  reports = { "feedback-html" },
                }
                """),
        APIEntry(
            name: "assess.scale", kind: .function, type: "fun(spec: ScaleSpec): ScaleSpec",
            summary: "Declares a response scale: ordered options with values and labels; not-applicable options carry no value.",
            example: """
                local frequency = assess.scale {
                  id = "frequency", kind = "frequency",
                  options = {
                    { value = 1, label = "Rarely" }, { value = 2, label = "Sometimes" },
                    { value = 3, label = "Often" }, { value = 4, label = "Almost always" },
                    { label = "Not observed", na = true },
                  },
                }
                """),
        APIEntry(
            name: "assess.bands", kind: .function, type: "fun(spec: BandsSpec): BandsSpec",
            summary: "Declares score bands: ordered thresholds mapped to labels; a score falls in the last band whose `from` it reaches.",
            example: """
                local levels = assess.bands {
                  id = "hlm_levels",
                  { from = 1, label = "Essential", colour = "#c0504d" },
                  { from = 2.5, label = "Proficient" },
                  { from = 3.5, label = "Strong" },
                  { from = 4.25, label = "Exemplary", colour = "#4f81bd" },
                }
                """),
        APIEntry(
            name: "assess.value_map", kind: .function, type: "fun(spec: ValueMapSpec): ValueMapSpec",
            summary: "Declares a value map: response values to the numbers they score (for example agreement to 0-10).",
            example: """
                local to_ten = assess.value_map { id = "to_ten", map = { [1] = 0, [2] = 2.5, [3] = 5, [4] = 7.5, [5] = 10 } }
                """),
        APIEntry(
            name: "assess.conversion", kind: .function, type: "fun(spec: ConversionSpec): ConversionSpec",
            summary: "Declares a conversion table from a raw total to a metric score.",
            example: """
                local metric = assess.conversion { id = "metric", rows = { { 7, 7.0 }, { 8, 9.5 }, { 9, 11.2 } } }
                """),
        APIEntry(
            name: "assess.scales", kind: .field, type: "table<string, ScaleSpec>",
            summary: "Built-in scales by id: `frequency5`, `frequency5_not_observed`, `agreement5`, `importance4`.",
            details: "An instrument may also name a built-in scale by its id: `scale = \"agreement5\"`.",
            example: """
                local labels = {}
                for _, option in ipairs(assess.scales.agreement5.options) do labels[#labels + 1] = option.label end
                print(table.concat(labels, ", "))
                """),
        APIEntry(
            name: "InstrumentSpec", kind: .type, type: "table", summary: "The table given to `assess.instrument`.",
            fields: [
                .init("api", "integer", optional: false, "The framework API version the script is written against (1)."),
                .init("id", "string", optional: false, "Lowercase id: letters, digits, `_`, `-`."),
                .init("version", "string", optional: false, "The instrument's version, MAJOR.MINOR.PATCH."),
                .init("title", "string", optional: false, "Title shown to people."),
                .init("description", "string", "What the instrument is for."),
                .init("framework", "{ name: string, publisher?: string, year?: integer, version?: string }", "The published framework it follows."),
                .init("kind", "\"self\"|\"360\"|\"team\"|\"organisation\"", "What kind of assessment (default \"self\")."),
                .init("extends", "string", "Id of an instrument to extend: this spec is merged onto it. Found in a folder of that name beside this instrument's folder first, then among the bundled instruments."),
                .init("scale", "ScaleSpec|string", "The default scale for rating items (a scale or a scale id)."),
                .init("scales", "ScaleSpec[]", "Further scales items can name with `scale = id`."),
                .init("raters", "RaterSpec[]", "Rater groups in report order (default: self only)."),
                .init("anonymity", "{ minimum?: integer, policy?: \"suppress\"|\"merge\", merge_into?: string }", "How small rater groups are protected (default minimum 3, suppress)."),
                .init("dimensions", "DimensionSpec[]", optional: false, "Dimensions (domains, capabilities) with their items."),
                .init("items", "ItemSpec[]", "Items listed at instrument level, each naming its `dimension`."),
                .init("comments", "ItemSpec[]", "Free-text questions."),
                .init("bands", "BandsSpec|BandsSpec[]", "Score bands."),
                .init("value_maps", "ValueMapSpec[]", "Value maps items can name with `value_map = id`."),
                .init("conversions", "ConversionSpec[]", "Conversion tables for scorers."),
                .init("scoring", "{ plugin: string, bands?: string, options?: table }", "The scorer plugin and its options (default scale-scores)."),
                .init("reports", "string[]", "Reporter plugin ids."),
                .init("columns", "{ respondent?: string, subject?: string, rater?: string, items?: table<string, string>, ignore?: string[] }", "Column names of imported files when they differ from the ids; `ignore` lists a survey tool's own columns (wide CSV) and keys (JSON Lines) to read past."),
            ]),
        APIEntry(
            name: "DimensionSpec", kind: .type, type: "table", summary: "A dimension, domain or capability.",
            fields: [
                .init("id", "string", optional: false, "Lowercase id."),
                .init("title", "string", optional: false, "Title shown to people."),
                .init("description", "string", "What the dimension is about."),
                .init("core", "boolean", "Marked core (for example the Leadership Framework's first five domains)."),
                .init("weight", "number", "Weight in a weighted overall mean (default 1)."),
                .init("items", "ItemSpec[]", "Its items."),
                .init("elements", "DimensionSpec[]", "Nested elements (up to three levels)."),
                .init("importance", "ItemSpec", "A question on how important the dimension is to the role."),
                .init("levels", "table<string, string>", "Descriptions of the band levels, by band label."),
                .init("prompts", "string[]", "Reflective questions shown with the results (self-assessments)."),
                .init("remove", "boolean", "With `extends`: remove this dimension from the base."),
            ]),
        APIEntry(
            name: "ItemSpec", kind: .type, type: "table", summary: "One question.",
            fields: [
                .init("id", "string", optional: false, "Lowercase id, unique in the instrument."),
                .init("text", "string", optional: false, "The question or statement."),
                .init("type", "\"rating\"|\"frequency\"|\"agreement\"|\"importance\"|\"comment\"|\"ranking\"|\"choose\"", "What kind of answer it takes (default rating)."),
                .init("scale", "string", "Scale id (default: the instrument's scale)."),
                .init("reverse", "boolean", "Reverse-keyed: scored as minimum + maximum - value."),
                .init("required", "boolean", "A response must answer it."),
                .init("weight", "number", "Weight in weighted means (default 1)."),
                .init("value_map", "string", "Value map id applied before scoring."),
                .init("options", "(string|{ id: string, text: string })[]", "Options of ranking and choose items."),
                .init("choose", "integer", "Choose items: how many options to choose."),
                .init("key", "string[]", "Ranking and choose items: the keyed answer."),
                .init("raters", "string[]", "Rater groups asked this item (default all)."),
                .init("dimension", "string", "For items listed at instrument level: the dimension they belong to."),
                .init("remove", "boolean", "With `extends`: remove this item from the base."),
            ]),
        APIEntry(
            name: "RaterSpec", kind: .type, type: "table", summary: "A rater group.",
            fields: [
                .init("id", "string", optional: false, "Lowercase id (`self`, `manager`, `peer`, ...)."),
                .init("label", "string", "Name shown in reports."),
                .init("self", "boolean", "The subject rating themselves (default: id is \"self\")."),
                .init("min", "integer", "Fewest responses for the group to be shown (default: the anonymity minimum)."),
                .init("max", "integer", "Most responses per subject."),
                .init("always_show", "boolean", "Shown even below the minimum (commonly the manager)."),
                .init("remove", "boolean", "With `extends`: remove this group from the base."),
            ]),
        APIEntry(
            name: "ScaleSpec", kind: .type, type: "table", summary: "A response scale.",
            fields: [
                .init("id", "string", optional: false, "Scale id."),
                .init("kind", "string", "What it measures: frequency, agreement, importance, ..."),
                .init("options", "{ value?: number, label: string, code?: string, na?: boolean }[]", optional: false, "Options in ascending order of value; `na = true` marks not applicable."),
            ]),
        APIEntry(
            name: "BandsSpec", kind: .type, type: "table", summary: "Score bands: a list of `{ from = number, label = string, colour? = string }` in ascending order, with an optional `id`.",
            fields: [.init("id", "string", "Band set id (default \"default\").")]),
        APIEntry(
            name: "ValueMapSpec", kind: .type, type: "table", summary: "A value map.",
            fields: [
                .init("id", "string", optional: false, "Value map id."),
                .init("map", "table<number, number>", optional: false, "Response value to scored number."),
            ]),
        APIEntry(
            name: "ConversionSpec", kind: .type, type: "table", summary: "A conversion table.",
            fields: [
                .init("id", "string", optional: false, "Conversion id."),
                .init("rows", "number[][]", optional: false, "Pairs `{ raw, score }` in ascending order of raw."),
            ]),
    ]

    /// The constructor functions, bound to one load.
    static func members(_ context: LoadContext) -> [(String, LuaValue)] {
        [
            ("instrument", .function(LuaFunction(name: "assess.instrument") { call in try context.declareInstrument(call) })),
            constructor("scale") { table, problems in
                InstrumentBuilder.readScale(table, problems: problems, anchor: .call).map(scaleValue)
            },
            constructor("bands") { table, problems in
                guard let bands = InstrumentBuilder.readBands(table, problems: problems, anchor: .call) else { return nil }
                var value = table
                value["__type"] = "bands"
                value["id"] = .string(LuaString(bands.id))
                return .table(value)
            },
            constructor("value_map") { table, problems in
                _ = InstrumentBuilder.readValueMap(table, problems: problems, anchor: .call)
                var value = table
                value["__type"] = "value_map"
                return .table(value)
            },
            constructor("conversion") { table, problems in
                _ = InstrumentBuilder.readConversion(table, problems: problems, anchor: .call)
                var value = table
                value["__type"] = "conversion"
                return .table(value)
            },
            ("scales", .table(LuaTable(BuiltinScales.all.map { (LuaValue.string(LuaString($0.id)), scaleValue($0)) }))),
        ]
    }

    /// A single-table constructor `assess.<name> { ... }`: validates the table with `read` and
    /// raises every problem as one API-misuse error at the script's call.
    private static func constructor(_ name: String,
                                    _ read: @escaping @Sendable (LuaTable, ProblemList) -> LuaValue?) -> (String, LuaValue) {
        (name, .function(LuaFunction(name: "assess.\(name)") { call in
            guard let table = call[0].tableValue else { throw HostFunctionError.misuse("assess.\(name) expects a table") }
            let problems = ProblemList()
            let value = read(table, problems)
            try raise(problems)
            guard let value else { throw HostFunctionError.misuse("assess.\(name): the table is not valid") }
            return [value]
        }))
    }

    /// Raises the problems of a single-table constructor as one API-misuse error at the call.
    static func raise(_ problems: ProblemList) throws {
        guard !problems.isEmpty else { return }
        throw HostFunctionError.misuse(problems.items.map(\.message).joined(separator: "; "))
    }

    static func scaleValue(_ scale: Scale) -> LuaValue {
        var table = LuaTable()
        table["__type"] = "scale"
        table["id"] = .string(LuaString(scale.id))
        if let kind = scale.kind { table["kind"] = .string(LuaString(kind)) }
        table["options"] = .table(LuaTable(array: scale.options.map { option in
            var o = LuaTable()
            if let value = option.value { o["value"] = value == value.rounded() ? .integer(Int64(value)) : .number(value) }
            o["label"] = .string(LuaString(option.label))
            if let code = option.code { o["code"] = .string(LuaString(code)) }
            if option.notApplicable { o["na"] = true }
            return .table(o)
        }))
        return .table(table)
    }
}
