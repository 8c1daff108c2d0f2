/// `assess.reporter` and the report helpers (`assess.template`, `assess.markdown`, `assess.html`,
/// `assess.format`, `assess.json`, `assess.chart`). Implemented in the report engine; registered
/// here so the reference and the annotations cover them.
enum ReporterNamespace {
    static let entries: [APIEntry] = [
        APIEntry(
            name: "assess.reporter", kind: .function, type: "fun(spec: ReporterSpec): ReporterSpec",
            summary: "Declares a reporter plugin; a reporter script returns its result. Available to reporter scripts.",
            details: """
                With `scope = "subject"` (the default) `render` runs once per subject, afresh each time, so nothing of
                one subject's report reaches another's; with `scope = "cohort"` it runs once over every subject. The
                script never touches files: `ctx.write(name, text)` hands each output to the host, which checks the
                name (no folders, a declared format) and the size, and writes all outputs at once or none.
                `extends = "feedback-html"` starts from another reporter: fields set here override the base's, and
                `.mustache` templates and Lua modules beside this script win over the base's of the same name.
                """,
            example: """
                return assess.reporter {
                  api = 1, id = "one-line", version = "1.0.0", formats = { "txt" },
                  render = function(result, instrument, ctx)
                    local overall = result.overall and assess.format.number(result.overall.score, 2) or "no score"
                    ctx.write(ctx.file_name(result.subject, "txt"), result.subject .. ": " .. overall .. "\\n")
                  end,
                }
                """),
        APIEntry(
            name: "ReporterSpec", kind: .type, type: "table", summary: "The table given to `assess.reporter`.",
            fields: [
                .init("api", "integer", optional: false, "The framework API version (1)."),
                .init("id", "string", optional: false, "The plugin id."),
                .init("version", "string", optional: false, "MAJOR.MINOR.PATCH."),
                .init("title", "string", "A short title."),
                .init("description", "string", "What it produces."),
                .init("scope", "\"subject\"|\"cohort\"", "Render once per subject (default) or once for all."),
                .init("formats", "string[]", optional: false, "File extensions it writes, e.g. { \"html\" }."),
                .init("kinds", "string[]", "Instrument kinds it suits (\"360\", \"self\", ...); any when absent."),
                .init("extends", "string", "A reporter to start from: a bundled id, or a path relative to this script."),
                .init("options", "table", "Option defaults; `assess report --option key=value` overrides them."),
                .init("render", "fun(result: table, instrument: table, ctx: ReportContext)", "Renders one subject (or the cohort: `{ subjects, summary, provenance }`)."),
            ]),
        APIEntry(
            name: "ReportContext", kind: .type, type: "table", summary: "The `ctx` a reporter's `render` receives.",
            fields: [
                .init("options", "table", optional: false, "The merged options (read-only)."),
                .init("locale", "string", optional: false, "The report's locale, e.g. \"en-GB\"."),
                .init("date", "string", optional: false, "The report date, YYYY-MM-DD (injected: frozen in tests)."),
                .init("provenance", "table", optional: false, "Where the scores came from (instrument, scorer, hashes, inputs, options)."),
                .init("reporter", "{ id: string, version: string }", optional: false, "This reporter."),
                .init("cohort", "table", "The cohort plugin's summary, for cohort reporters."),
                .init("anonymity_minimum", "integer", optional: false, "The instrument's anonymity minimum."),
                .init("hooks", "table<string, function>", optional: false, "Functions declared by this reporter or one it extends, other than render."),
                .init("base", "table", optional: false, "The declaration of the reporter this one extends (empty when none)."),
                .init("hook", "fun(name: string, fallback: any, ...): any", optional: false, "Calls a hook when defined; returns its result, or `fallback`."),
                .init("write", "fun(name: string, text: string)", optional: false, "Hands one output file to the host."),
                .init("render", "fun(template: string, view: table): string", optional: false, "Renders a named `.mustache` template of this reporter."),
                .init("file_name", "fun(text: string, extension?: string): string", optional: false, "A safe file name made from any text."),
            ]),
        APIEntry(
            name: "assess.template.render", kind: .function,
            type: "fun(source: string, view: table, options?: { escape?: \"html\"|\"markdown\"|\"none\" }): string",
            summary: "Renders Mustache text with a view; values are HTML-escaped unless `{{{raw}}}` or `escape` says otherwise.",
            details: """
                Partials (`{{> name}}`) come from the reporter's `.mustache` files. A render may make at most
                200,000 section iterations; dynamic partials are refused. Templates named `*.md.mustache` escape
                for Markdown, `*.txt` and `*.csv` not at all.
                """,
            example: """
                print(assess.template.render("<p>{{name}}</p>", { name = "<Sam & Jo>" }))  -- <p>&lt;Sam &amp; Jo&gt;</p>
                """),
        APIEntry(name: "assess.template.names", kind: .function, type: "fun(): string[]", summary: "The names of this reporter's templates.",
                 example: """
                     print(table.concat(assess.template.names(), ", "))
                     """),
        APIEntry(name: "assess.markdown.html", kind: .function, type: "fun(markdown: string): string",
                 summary: "Markdown to HTML; raw HTML shows as text, images become their alternative text, only http(s), mailto and # links keep their target.",
                 example: """
                     print(assess.markdown.html("Some *emphasis* and <b>markup</b>"))  -- <p>Some <em>emphasis</em> and &lt;b&gt;markup&lt;/b&gt;</p>
                     """),
        APIEntry(name: "assess.markdown.escape", kind: .function, type: "fun(text: string): string",
                 summary: "Escapes text so Markdown (and HTML) shows it exactly as written.",
                 example: """
                     print(assess.markdown.escape("*not* bold <b>"))  -- \\*not\\* bold &lt;b&gt;
                     """),
        APIEntry(name: "assess.html.escape", kind: .function, type: "fun(text: string): string",
                 summary: "Escapes text for HTML content and quoted attributes.",
                 example: """
                     print(assess.html.escape([[<a href="x">]]))  -- &lt;a href=&quot;x&quot;&gt;
                     """),
        APIEntry(name: "assess.format.number", kind: .function,
                 type: "fun(x: number?, decimals?: integer, options?: string|{ locale?: string, grouping?: boolean }): string",
                 summary: "A number in the report's locale, rounded half away from zero (2 places by default); \"\" for nil.",
                 example: """
                     print(assess.format.number(1234.5, 2), assess.format.number(0.125, 2, { grouping = false }))  -- 1,234.50  0.13
                     """),
        APIEntry(name: "assess.format.percent", kind: .function, type: "fun(fraction: number?, decimals?: integer, options?: string|table): string",
                 summary: "A fraction as a percentage: 0.456 is \"46%\".",
                 example: """
                     print(assess.format.percent(0.456), assess.format.percent(0.4567, 1))  -- 46%  45.7%
                     """),
        APIEntry(name: "assess.format.date", kind: .function, type: "fun(date: string, style?: \"long\"|\"short\"|\"numeric\"|\"iso\", locale?: string): string",
                 summary: "A YYYY-MM-DD date for people: \"1 December 2026\" in en-GB.",
                 example: """
                     print(assess.format.date("2026-12-01"), assess.format.date("2026-12-01", "numeric"))  -- 1 December 2026  01/12/2026
                     """),
        APIEntry(name: "assess.format.plural", kind: .function, type: "fun(count: integer, singular: string, plural?: string): string",
                 summary: "\"1 response\", \"3 responses\".",
                 example: """
                     print(assess.format.plural(1, "response"), assess.format.plural(3, "response"))  -- 1 response  3 responses
                     """),
        APIEntry(name: "assess.format.locale", kind: .field, type: "string", summary: "The report's locale."),
        APIEntry(name: "assess.json.encode", kind: .function, type: "fun(value: any, options?: { pretty?: boolean }): string",
                 summary: "JSON with sorted keys (pretty by default): the same value gives the same bytes.",
                 example: """
                     print(assess.json.encode({ b = 1, a = { "x", "y" } }, { pretty = false }))  -- {"a":["x","y"],"b":1}
                     """),
        APIEntry(
            name: "assess.chart.radar", kind: .function, type: "fun(spec: table): RenderedChart",
            summary: "A radar chart: `{ id, title, description, min, max, ticks?, axes = { {id, label} }, series = { {id, label, values = { [axis_id] = n } } } }`.",
            details: "Every chart has an SVG `<title>` and `<desc>`, tells series apart by shape and colour, and comes with the same figures as tables; a missing value is drawn as nothing and reads \"no score\".",
                 example: """
                     local chart = assess.chart.radar {
                       id = "summary", title = "Summary", description = "Each dimension by group.", min = 1, max = 4,
                       axes = { { id = "a", label = "Care" }, { id = "b", label = "Vision" }, { id = "c", label = "Evidence" } },
                       series = { { id = "self", label = "Self", values = { a = 3, b = 2.5, c = 4 } } },
                     }
                     print(#chart.svg > 0, chart.markdown:sub(1, 12))
                     """),
        APIEntry(name: "assess.chart.bars", kind: .function, type: "fun(spec: table): RenderedChart",
                 summary: "Horizontal bars with group markers: `{ id, title, description, min, max, ticks?, bands?, value_label?, series = { {id, label} }, rows = { {label, value, markers = { [series_id] = n } } } }`.",
                 example: """
                     local chart = assess.chart.bars {
                       id = "items", title = "Items", description = "Each item.", min = 1, max = 4, value_label = "All others",
                       series = { { id = "self", label = "Self" } },
                       rows = { { label = "Listens", value = 3.2, markers = { self = 4 } } },
                     }
                     print(#chart.table > 0)
                     """),
        APIEntry(name: "assess.chart.gap", kind: .function, type: "fun(spec: table): RenderedChart",
                 summary: "Self against others: `{ id, title, description, min, max, threshold?, rows = { {label, self, others, flag?} } }`.",
                 example: """
                     local chart = assess.chart.gap {
                       id = "gaps", title = "Gaps", description = "Self minus others.", min = 1, max = 4, threshold = 0.5,
                       rows = { { label = "Care", self = 4, others = 3.1, flag = "blind spot" } },
                     }
                     print(#chart.svg > 0)
                     """),
        APIEntry(name: "assess.chart.strip", kind: .function, type: "fun(spec: table): RenderedChart",
                 summary: "A distribution strip for cohorts: `{ id, title, description, min, max, ticks?, bands?, rows = { {label, values = {...}, highlight?} } }`.",
                 example: """
                     local chart = assess.chart.strip {
                       id = "cohort", title = "Cohort", description = "One dot per person.", min = 1, max = 4,
                       rows = { { label = "Care", values = { 2.1, 2.8, 3.3, 3.9 } } },
                     }
                     print(#chart.svg > 0)
                     """),
        APIEntry(
            name: "RenderedChart", kind: .type, type: "table", summary: "What a chart function returns.",
            fields: [
                .init("svg", "string", optional: false, "One self-contained `<svg>` element."),
                .init("table", "string", optional: false, "The figures as an accessible HTML table."),
                .init("markdown", "string", optional: false, "The figures as a Markdown table."),
            ]),
    ]
}
