-- Board Leadership Competency Framework (NHS England, 2024) annual self-assessment.
-- Domain names are the framework's; competency statements are AssessKit's own (items.lua).
-- The judgement sought is broad competence in every domain with no area of significant lack, so
-- the scorer flags domains rather than adding up a total.
local bank = require "items"

local frequency = assess.scale {
  id = "board_frequency", kind = "frequency",
  options = {
    { value = 1, label = "Rarely or never" },
    { value = 2, label = "Occasionally" },
    { value = 3, label = "Frequently" },
    { value = 4, label = "Almost always" },
    -- Not applicable: counts in neither the numerator nor the denominator.
    { label = "No chance to demonstrate", na = true },
  },
}

local dimensions = {}
for _, domain in ipairs(bank) do
  dimensions[#dimensions + 1] = {
    id = domain.id, title = domain.title, description = domain.summary, items = domain.statements,
  }
end

return assess.instrument {
  api = 1,
  id = "board-competency-self",
  version = "1.0.0",
  title = "Board leadership competency self-assessment",
  description = "An annual self-assessment for board members against the six domains of the Board "
    .. "Leadership Competency Framework, flagging any domain with a significant gap.",
  framework = { name = "Board Leadership Competency Framework", publisher = "NHS England", year = 2024 },
  kind = "self",
  scale = frequency,
  dimensions = dimensions,
  comments = {
    { id = "evidence", text = "Give one or two examples from the past year that show your strongest domain in practice." },
    { id = "support", text = "What development or support would help you in the domain you rated lowest?" },
  },
  bands = assess.bands {
    id = "board_domain",
    { from = 1, label = "Significant gap", colour = "#c0392b" },
    { from = 2, label = "Developing", colour = "#e67e22" },
    { from = 3, label = "Competent", colour = "#27ae60" },
  },
  scoring = {
    plugin = "scale-scores",
    bands = "board_domain",
    -- A domain has "no significant gap" unless its mean is below 2 or any statement is rated
    -- "Rarely or never"; a domain with fewer than 3 answered statements cannot be judged.
    options = { minimum_answered = 3, flag = { label = "Significant gap", mean_below = 2, any_item_at_most = 1 } },
  },
  reports = { "self-assessment-html", "self-assessment-markdown", "scores-csv", "scores-json" },
}
