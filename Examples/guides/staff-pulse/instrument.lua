-- A short team pulse, answered in a survey tool and imported with `assess score`. Its `columns`
-- map the survey tool's column headings (the question wording) to the item ids.
local agreement = assess.scale {
  id = "agreement_dk", kind = "agreement",
  options = {
    { value = 1, label = "Strongly disagree", code = "SD" },
    { value = 2, label = "Disagree", code = "D" },
    { value = 3, label = "Neither agree nor disagree", code = "N" },
    { value = 4, label = "Agree", code = "A" },
    { value = 5, label = "Strongly agree", code = "SA" },
    { label = "Don't know", na = true, code = "DK" },
  },
}

return assess.instrument {
  api = 1,
  id = "staff-pulse",
  version = "1.0.0",
  title = "Team pulse",
  kind = "team",
  scale = agreement,
  raters = {
    { id = "member", label = "Team member" },
    { id = "lead", label = "Team leader" },
  },
  dimensions = {
    { id = "clarity", title = "Knowing what matters", items = {
        { id = "cl_1", text = "I know what is expected of me this month" },
        { id = "cl_2", text = "I can see how my work helps the people we care for" },
        { id = "cl_3", text = "Priorities change without anyone explaining why", reverse = true } } },
    { id = "support", title = "Feeling supported", items = {
        { id = "su_1", text = "I can ask for help without feeling judged" },
        { id = "su_2", text = "My manager makes time to listen to me" },
        { id = "su_3", text = "I get a proper break on most shifts" } } },
  },
  scoring = { plugin = "scale-scores", options = { minimum_answered = 2 } },
  columns = {
    respondent = "Response ID",
    subject = "Which team do you work in?",
    rater = "Role",
    items = {
      cl_1 = "I know what is expected of me this month",
      cl_2 = "I can see how my work helps the people we care for",
      cl_3 = "Priorities change without anyone explaining why",
      su_1 = "I can ask for help without feeling judged",
      su_2 = "My manager makes time to listen to me",
      su_3 = "I get a proper break on most shifts",
    },
  },
}
