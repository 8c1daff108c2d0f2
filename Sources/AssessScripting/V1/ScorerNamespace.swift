/// `assess.scorer` and `assess.stats`: what scorer plugins are written with. (They are implemented
/// in the scoring engine; registered here so the reference and annotations cover them.)
enum ScorerNamespace {
    static let entries: [APIEntry] = [
        APIEntry(
            name: "assess.scorer", kind: .function, type: "fun(spec: ScorerSpec): ScorerSpec",
            summary: "Declares a scorer plugin; a scorer script returns its result. Available to scorer scripts.",
            details: """
                Nothing the script stores (globals, module state, upvalues) reaches another subject's
                result: after its chunk runs, its tables are read-only and its module-level locals are
                set back before each subject, and a script that writes to them is run afresh for every
                subject instead (a new global environment, its modules loaded again). The `instrument`
                and `options` it receives are read-only.
                `score` returns `{ dimensions = { ScoreEntry, ... }, overall = ScoreEntry, items = { ... } }`;
                the host checks every id and number.
                """,
            example: """
                return assess.scorer {
                  api = 1, id = "simple-means", version = "1.0.0",
                  score = function(subject, instrument, options)
                    local dimensions = {}
                    for _, d in ipairs(instrument.dimensions) do
                      local values = {}
                      for _, item in ipairs(d.items) do
                        for _, answer in ipairs(subject.answers[item.id]) do values[#values + 1] = answer end
                      end
                      local mean, n = assess.stats.mean(values)
                      dimensions[#dimensions + 1] = { id = d.id, score = mean, answered = n,
                                                      reason = mean == nil and "no answers" or nil }
                    end
                    return { dimensions = dimensions }
                  end,
                }
                """),
        APIEntry(
            name: "assess.cohort", kind: .function, type: "fun(spec: CohortSpec): CohortSpec",
            summary: "Declares a cohort plugin: `summarise` runs once after scoring, over every subject's scores. Available to scorer scripts.",
            details: """
                `subjects` is a list of `{ subject =, dimensions = { [id] = { score =, band =, answered =, groups = {...} } }, overall = {...} }`
                (read-only); whatever table `summarise` returns is written as JSON (`assess score --cohort FILE`). A cohort
                plugin must not show any set smaller than `instrument.anonymity.minimum`.
                """,
            example: """
                return assess.cohort {
                  api = 1, id = "cohort-means", version = "1.0.0",
                  summarise = function(subjects, instrument, options)
                    local overall = {}
                    for _, s in ipairs(subjects) do
                      if s.overall and s.overall.score then overall[#overall + 1] = s.overall.score end
                    end
                    if #overall < instrument.anonymity.minimum then return { note = "too few subjects" } end
                    return { subjects = #subjects, mean_overall = assess.stats.mean(overall) }
                  end,
                }
                """),
        APIEntry(
            name: "assess.stats", kind: .field, type: "AssessStats",
            summary: "Statistics helpers for scorers; each skips answers that are not numbers (\"na\", false).",
            example: """
                local mean, n = assess.stats.mean({ 4, 5, "na", false, 3 })   -- 4, 3
                print(mean, n, assess.stats.band({ { from = 1, label = "Low" }, { from = 3, label = "High" } }, mean))
                """),
        APIEntry(
            name: "AssessStats", kind: .type, type: "table", summary: "The functions of `assess.stats`.",
            fields: [
                .init("numbers", "fun(values: any[]): number[]", optional: false, "The numbers in a list."),
                .init("sum", "fun(values: any[]): number, integer", optional: false, "Sum and count of the numbers."),
                .init("mean", "fun(values: any[]): number?, integer", optional: false, "Mean (nil when none) and count."),
                .init("sd", "fun(values: any[]): number?, integer", optional: false, "Sample standard deviation (nil for fewer than two) and count."),
                .init("weighted_mean", "fun(values: any[], weights: number[]): number?", optional: false, "Weighted mean of parallel lists."),
                .init("band", "fun(bands: { from: number, label: string }[], score: number?): string?", optional: false, "The label of the last band whose `from` the score reaches."),
                .init("item_sums", "fun(subject: Subject, items: table[], k: integer, instrument: InstrumentView, value_map?: string): number, integer, number, number, boolean", optional: false,
                      "A host kernel over `subject.packed`: over the items of response k that hold a number (each reverse-keyed on its scale when `item.reverse`, then mapped by its value map or the map `value_map` names), the sum, how many, the weighted sum, the total weight, and whether any counted item weighs other than 1. `items` are the instrument's item tables (they carry `position`); the compiled form of the instrument's own lists is kept between calls."),
                .init("response_sums", "fun(subject: Subject, items: table[], instrument: InstrumentView, value_map: string?, sums: number[], counts: integer[], means: number[]): integer, integer", optional: false,
                      "`item_sums` for every response at once: fills `sums[k]`, `counts[k]` and `means[k]` (weighted sum / total weight, which is sum / count when every weight is 1) for k = 1..subject.count, in plain lists the caller gives (and may reuse); returns the number of responses and of items."),
                .init("response_means", "fun(subject: Subject, items: table[], instrument: InstrumentView, value_map: string?, minimum: number, aggregate: \"mean\"|\"sum\"|\"prorated\"): number?, integer, integer, integer?, number?, number?, integer", optional: false,
                      "A scale's score over every response in one call: `score, included, answered, short, last_sum, last_mean, count`. A response counts when at least `max(minimum, 1)` of its items hold a number, and gives its mean (weighted when items carry weights), its sum, or its mean times the number of items (`aggregate`); `score` is the mean of those values in response order (nil when none counts), `included` how many counted, `answered` the answered items over all responses, `short` the answered count of the last response that did not count (nil when none), `last_sum`/`last_mean` those of the last response that counted, `count` the number of items."),
            ]),
        APIEntry(
            name: "ScorerSpec", kind: .type, type: "table", summary: "The table given to `assess.scorer`.",
            fields: [
                .init("api", "integer", optional: false, "The framework API version (1)."),
                .init("id", "string", optional: false, "The plugin id."),
                .init("version", "string", optional: false, "MAJOR.MINOR.PATCH."),
                .init("title", "string", "A short title."),
                .init("description", "string", "What it computes."),
                .init("options", "table", "Option defaults; the instrument's scoring.options override them."),
                .init("prepare", "fun(instrument: InstrumentView, options: table): any",
                      "Works out once what depends only on the instrument and the options (settings, lookups); its result, read-only, is `score`'s fourth argument. The host calls it once per scoring thread (or once per subject when the scorer runs afresh for every subject)."),
                .init("score", "fun(subject: Subject, instrument: InstrumentView, options: table, plan: any): ScoreResult", optional: false, "Scores one subject; `plan` is what `prepare` returned (nil without `prepare`)."),
            ]),
        APIEntry(
            name: "CohortSpec", kind: .type, type: "table", summary: "The table given to `assess.cohort`.",
            fields: [
                .init("api", "integer", optional: false, "The framework API version (1)."),
                .init("id", "string", optional: false, "The plugin id."),
                .init("version", "string", optional: false, "MAJOR.MINOR.PATCH."),
                .init("description", "string", "What it summarises."),
                .init("summarise", "fun(subjects: table[], instrument: InstrumentView, options: table): table", optional: false, "Summarises every subject's scores."),
            ]),
        APIEntry(
            name: "Subject", kind: .type, type: "table", summary: "One subject's responses, by item (read by scorers).",
            fields: [
                .init("id", "string", optional: false, "The subject id."),
                .init("count", "integer", optional: false, "How many responses."),
                .init("respondents", "string[]", optional: false, "Respondent of each response."),
                .init("raters", "string[]", optional: false, "Rater group of each response."),
                .init("answers", "table<string, any[]>", optional: false, "Per item id, each response's answer: a number (the scale value), \"na\" (not applicable), false (not answered), a string (comments) or a list of option ids (ranking, choose). When every answer is a number, \"na\" or blank it is made from `packed` the first time it is read or `pairs(subject)` runs (until then `rawget` and `next` do not see it)."),
                .init("packed", "string", optional: false, "Every answer packed for the `assess.stats` kernels (`item_sums`, `response_sums`): an 8-byte header (items per response, responses), then one double per answer, response by response, in the instrument's item order (`item.position`)."),
            ]),
        APIEntry(
            name: "InstrumentView", kind: .type, type: "table", summary: "The instrument as scorers see it (read-only).",
            fields: [
                .init("id", "string", optional: false, "Instrument id."),
                .init("version", "string", optional: false, "Instrument version."),
                .init("kind", "string", optional: false, "self, 360, team or organisation."),
                .init("default_scale", "string", optional: false, "Id of the default scale."),
                .init("scales", "table<string, { id: string, min: number, max: number, options: table[] }>", optional: false, "Scales by id."),
                .init("dimensions", "table[]", optional: false, "Dimensions with `id`, `title`, `core`, `weight`, `items` (`id`, `type`, `scale`, `reverse`, `weight`, `value_map`, `position` in `subject.packed`, ...), `elements`, `importance`."),
                .init("raters", "table[]", optional: false, "Rater groups: `id`, `label`, `self`, `min`, `always_show`."),
                .init("anonymity", "{ minimum: integer, policy: string, merge_into?: string }", optional: false, "The anonymity rule."),
                .init("bands", "table<string, { from: number, label: string }[]>", optional: false, "Band sets by id."),
                .init("value_maps", "table<string, table<number, number>>", optional: false, "Value maps by id."),
                .init("conversions", "table<string, table<number, number>>", optional: false, "Conversion tables by id."),
                .init("scoring", "{ plugin: string, bands?: string }", optional: false, "The instrument's scoring declaration."),
            ]),
        APIEntry(
            name: "ScoreResult", kind: .type, type: "table", summary: "What `score` returns.",
            fields: [
                .init("dimensions", "ScoreEntry[]", "One entry per dimension (or element) scored."),
                .init("overall", "ScoreEntry", "The overall score."),
                .init("items", "ScoreEntry[]", "Per-item results."),
                .init("extra", "table", "Anything else, passed through to the output."),
            ]),
        APIEntry(
            name: "ScoreEntry", kind: .type, type: "table", summary: "One score.",
            fields: [
                .init("id", "string", optional: false, "Dimension or item id (optional for overall)."),
                .init("score", "number", "The score; absent when it cannot be given."),
                .init("band", "string", "The band label."),
                .init("answered", "integer", "Answers that counted."),
                .init("reason", "string", "Why there is no score."),
                .init("stats", "table<string, number>", "Further figures (sum, mean, ...)."),
                .init("flags", "string[]", "Flags raised."),
                .init("groups", "table<string, ScoreEntry>", "Scores per rater group."),
            ]),
    ]
}
