-- A small situational judgement set for testing the sjt scorer: one ranking, one choose-3-of-6,
-- one keyed rating.
return assess.instrument {
  api = 1, id = "sjt-sample", version = "1.0.0", title = "SJT sample",
  scale = "agreement5",
  dimensions = {
    { id = "escalation", title = "Escalating a concern", items = {
        { id = "rank_1", type = "ranking", text = "Put these responses in order, most effective first",
          options = {
            { id = "a", text = "Raise it with the nurse in charge straight away" },
            { id = "b", text = "Record it and raise it at handover" },
            { id = "c", text = "Make the patient safe, then escalate to the nurse in charge" },
            { id = "d", text = "Wait to see whether it happens again" },
          },
          key = { "c", "a", "b", "d" } },
        { id = "pick_1", type = "choose", choose = 3, text = "Choose the three most important actions",
          options = {
            { id = "p", text = "Check the patient" }, { id = "q", text = "Finish the drug round first" },
            { id = "r", text = "Tell the nurse in charge" }, { id = "s", text = "Ask a colleague what they think" },
            { id = "t", text = "Leave a note for the day team" }, { id = "u", text = "Complete an incident report" },
          },
          key = { "p", "r", "u" } },
    } },
    { id = "judgement", title = "Judgement", items = {
        { id = "rate_1", text = "How appropriate is it to wait until the next team meeting?", key = { "2" } },
    } },
  },
  scoring = { plugin = "sjt" },
}
