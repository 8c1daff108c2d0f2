/// `assess.exercise`, the `ui` functions and `ctx`: what exercise scripts are written with. (They
/// are implemented by the AssessExercises engine; registered here so the reference and the
/// annotations cover them.)
enum ExerciseNamespace {
    static let entries: [APIEntry] = [
        APIEntry(
            name: "assess.exercise", kind: .function, type: "fun(spec: ExerciseSpec): ExerciseSpec",
            summary: "Declares an exercise; an exercise script returns its result. Available to exercise scripts.",
            details: """
                `run(ui, ctx)` is ordinary sequential Lua: each `ui` call shows a prompt and returns the
                participant's answer, so branching, loops and state are plain Lua. The host checks every
                `ui` call (a mistake is reported at the script's line) and every answer (a malformed one
                is asked again or refused). Every answer is stored before the script goes on; to resume,
                the script is run again from its seed and the recorded answers, so it must get its
                randomness from `math.random` (seeded per attempt) and its time from `ctx.now()`.
                Each step between two prompts runs under the sandbox's instruction, time and memory
                limits. What `run` returns (a table of strings, numbers, booleans and tables) is the
                attempt's result.
                """,
            example: """
                return assess.exercise {
                  api = 1, id = "handover-check", version = "1.0.0", title = "A safe handover",
                  run = function(ui, ctx)
                    ui.say { title = "Night shift handover", text = "You are taking over a bay of six patients." }
                    local first = ui.choose { id = "first", text = "What do you do first?", options = {
                      { id = "obs", text = "Review the observation charts" },
                      { id = "tea", text = "Make a cup of tea" } } }
                    ui.record("safe_start", first == "obs")
                    return { safe_start = first == "obs" }
                  end,
                }
                """),
        APIEntry(
            name: "ExerciseSpec", kind: .type, type: "table", summary: "The table given to `assess.exercise`.",
            fields: [
                .init("api", "integer", optional: false, "The framework API version (1)."),
                .init("id", "string", optional: false, "The exercise id (letters, digits, '-', '_', '.')."),
                .init("version", "string", optional: false, "MAJOR.MINOR.PATCH."),
                .init("title", "string", optional: false, "The title shown to participants and trainers."),
                .init("description", "string", "What the exercise is for."),
                .init("run", "fun(ui: ExerciseUI, ctx: ExerciseContext): table?", optional: false, "The exercise itself; its return value is the result."),
            ]),
        APIEntry(
            name: "ExerciseUI", kind: .type, type: "table", summary: "The `ui` given to `run`: each function shows a prompt and returns the answer.",
            fields: [
                .init("say", "fun(spec: SayPrompt|string)", optional: false, "Shows text (Markdown allowed); needs no answer."),
                .init("pause", "fun(spec?: SayPrompt|string)", optional: false, "Waits until the participant continues."),
                .init("confirm", "fun(spec: ConfirmPrompt): boolean?, boolean?", optional: false, "A yes/no question; returns true or false (and, when timed, whether time ran out)."),
                .init("choose", "fun(spec: ChoosePrompt): (string|string[])?, boolean?", optional: false, "Choose one option (returns its id) or, with `max` above 1, between `min` and `max` (returns a list of ids)."),
                .init("rank", "fun(spec: RankPrompt): string[]?, boolean?", optional: false, "Put every option in order, best first; returns the ids in that order."),
                .init("rate", "fun(spec: RatePrompt): integer?, boolean?", optional: false, "A point on a scale; returns the whole number."),
                .init("text", "fun(spec: TextPrompt): string?, boolean?", optional: false, "Free text within a length limit."),
                .init("assessor", "fun(spec: AssessorPrompt): number?", optional: false, "A mark entered later by an assessor against a rubric (`assess attempts mark`); returns the mark once given, nil until then."),
                .init("record", "fun(name: string, value: any)", optional: false, "Stores a named value with the attempt (also visible as `ctx.records[name]`)."),
            ]),
        APIEntry(
            name: "ExerciseContext", kind: .type, type: "table", summary: "The `ctx` given to `run`.",
            fields: [
                .init("seed", "integer", optional: false, "The attempt's seed (`math.random` is seeded with it)."),
                .init("participant", "string", optional: false, "Who is taking the exercise."),
                .init("attempt", "string", optional: false, "The attempt id."),
                .init("exercise", "string", optional: false, "The exercise id."),
                .init("started", "integer", optional: false, "When the attempt started (seconds since 1970, UTC)."),
                .init("now", "fun(): integer", optional: false, "The injected clock: when the latest answer was given (the start before the first); frozen in replays."),
                .init("records", "table<string, any>", optional: false, "The values stored with `ui.record` so far."),
            ]),
        APIEntry(
            name: "SayPrompt", kind: .type, type: "table", summary: "What `ui.say` and `ui.pause` take (or just the text).",
            fields: [
                .init("id", "string", "A stable id (default: say-1, say-2, ... in order)."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The text (Markdown allowed)."),
            ]),
        APIEntry(
            name: "PromptOption", kind: .type, type: "table", summary: "One option of a `choose` or `rank` prompt.",
            fields: [
                .init("id", "string", optional: false, "The option's stable id (what answers and exports hold)."),
                .init("text", "string", optional: false, "What the participant reads."),
            ]),
        APIEntry(
            name: "ConfirmPrompt", kind: .type, type: "table", summary: "What `ui.confirm` takes.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The question."),
                .init("yes", "string", "The words for yes (default \"Yes\")."),
                .init("no", "string", "The words for no (default \"No\")."),
                .init("timeout", "number", "Seconds the participant has; when time runs out the call returns `default` and true."),
                .init("default", "boolean", "What a timed prompt gives when time runs out (default nil)."),
            ]),
        APIEntry(
            name: "ChoosePrompt", kind: .type, type: "table", summary: "What `ui.choose` takes.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The question."),
                .init("options", "PromptOption[]", optional: false, "The options, in the order shown."),
                .init("min", "integer", "Fewest choices (default 1, or 0 when max is 0)."),
                .init("max", "integer", "Most choices (default 1: a single choice, answered with one id)."),
                .init("timeout", "number", "Seconds the participant has."),
                .init("default", "string|string[]", "What a timed prompt gives when time runs out."),
            ]),
        APIEntry(
            name: "RankPrompt", kind: .type, type: "table", summary: "What `ui.rank` takes.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The instruction."),
                .init("options", "PromptOption[]", optional: false, "At least two options to put in order."),
                .init("timeout", "number", "Seconds the participant has."),
                .init("default", "string[]", "What a timed prompt gives when time runs out."),
            ]),
        APIEntry(
            name: "RatePrompt", kind: .type, type: "table", summary: "What `ui.rate` takes: a built-in `scale`, or `min`, `max` and `labels`.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The question."),
                .init("scale", "string", "A built-in scale id (agreement5, frequency5, ...)."),
                .init("min", "integer", "The lowest point (default 1)."),
                .init("max", "integer", "The highest point (default 5)."),
                .init("labels", "string[]", "One label per point, from min to max."),
                .init("timeout", "number", "Seconds the participant has."),
                .init("default", "integer", "What a timed prompt gives when time runs out."),
            ]),
        APIEntry(
            name: "TextPrompt", kind: .type, type: "table", summary: "What `ui.text` takes.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "The question."),
                .init("min_length", "integer", "Fewest characters (default 1)."),
                .init("max_length", "integer", "Most characters (default 2000, at most 100000)."),
                .init("timeout", "number", "Seconds the participant has."),
                .init("default", "string", "What a timed prompt gives when time runs out."),
            ]),
        APIEntry(
            name: "AssessorPrompt", kind: .type, type: "table", summary: "What `ui.assessor` takes: a mark an assessor enters later.",
            fields: [
                .init("id", "string", optional: false, "The prompt's stable id, unique within the attempt (what `assess attempts mark` names)."),
                .init("title", "string", "A heading."),
                .init("text", "string", optional: false, "What the assessor is to judge."),
                .init("about", "string", "The id of an earlier prompt whose answer is being marked."),
                .init("rubric", "RubricLevel[]", optional: false, "The levels to mark against; a mark must be one of theirs."),
            ]),
        APIEntry(
            name: "RubricLevel", kind: .type, type: "table", summary: "One level of an assessor's rubric.",
            fields: [
                .init("mark", "number", optional: false, "The mark for this level."),
                .init("text", "string", optional: false, "What an answer at this level looks like."),
            ]),
    ]
}
