/// The files `assess new exercise NAME` writes.
extension Templates {
    static func exerciseFiles(id: String) -> [String: String] {
        [
            "exercise.lua": exercise(id: id),
            "README.md": """
                # \(id)

                An exercise of your own. Run it, test it, and read docs/exercises.md for every `ui` function.

                ```sh
                assess exercise run \(id) --participant p01     # at the terminal
                assess test \(id)                               # the replay golden cases in tests/
                ```

                A golden case is a folder in `tests/` with `transcript.jsonl` (one answer per line,
                matched to prompts by id) and `expected/result.json` and `expected/transcript.txt`.
                Record a case from a run with `assess exercise replay \(id) tests/CASE/transcript.jsonl`,
                or write the transcript by hand and run `assess test \(id) --update`.

                """,
            "tests/example/case.json": "{\n  \"description\": \"One path through the exercise: replace it with cases for every branch.\"\n}\n",
            "tests/example/transcript.jsonl": """
                {"transcript":1,"participant":"p01","seed":1}
                {"id":"first_step","answer":"escalate"}
                {"id":"confidence","answer":4}
                {"id":"learning","answer":"Write down the time and who I told."}

                """,
        ]
    }

    static func exercise(id: String) -> String {
        """
        -- \(id): an exercise of your own. See docs/exercises.md and docs/lua-api.md.
        return assess.exercise {
          api = 1,
          id = "\(id)",
          version = "1.0.0",
          title = "\(id)",
          run = function(ui, ctx)
            ui.say { title = "The situation", text = "Describe the situation the participant is in." }
            local first = ui.choose { id = "first_step", text = "What do you do first?", options = {
              { id = "escalate", text = "Tell the person in charge straight away" },
              { id = "wait", text = "Wait and see whether it happens again" },
              { id = "fix", text = "Sort it out yourself without telling anyone" },
            } }
            if first ~= "escalate" then
              ui.say { text = "Think about who else needs to know, and how quickly." }
            end
            local confidence = ui.rate { id = "confidence", text = "How confident are you in that choice?", scale = "agreement5" }
            local learning = ui.text { id = "learning", text = "What would you do differently next time?", max_length = 500 }
            ui.record("escalated", first == "escalate")
            return { first_step = first, escalated = first == "escalate", confidence = confidence, learning = learning }
          end,
        }

        """
    }
}
