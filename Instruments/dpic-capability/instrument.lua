-- Developing People – Improving Care (2016): a team or organisation capability self-check across
-- the four capabilities. Capability names are the framework's; statements are AssessKit's own.
local bank = require "items"

local maturity = assess.scale {
  id = "maturity", kind = "maturity",
  options = {
    { value = 1, label = "Not yet in place" },
    { value = 2, label = "Emerging" },
    { value = 3, label = "Established" },
    { value = 4, label = "Embedded and sustained" },
    { label = "Don't know", na = true },
  },
}

local dimensions = {}
for _, capability in ipairs(bank) do
  dimensions[#dimensions + 1] = {
    id = capability.id, title = capability.title, description = capability.summary, items = capability.statements,
  }
end

return assess.instrument {
  api = 1,
  id = "dpic-capability",
  version = "1.0.0",
  title = "Developing People – Improving Care capability check",
  description = "A team or organisation rates how established each of the four capabilities is: "
    .. "systems leadership, improvement skills, compassionate and inclusive leadership, and talent management.",
  framework = { name = "Developing People – Improving Care", publisher = "NHS Improvement and partners", year = 2016 },
  kind = "organisation",
  scale = maturity,
  raters = {
    { id = "member", label = "Team members" },
  },
  anonymity = { minimum = 3, policy = "suppress" },
  dimensions = dimensions,
  comments = {
    { id = "priority", text = "Which capability should the team or organisation invest in first, and why?" },
  },
  bands = assess.bands {
    id = "maturity_bands",
    { from = 1, label = "Early" },
    { from = 2, label = "Developing" },
    { from = 3, label = "Established" },
    { from = 3.5, label = "Leading" },
  },
  scoring = { plugin = "scale-scores", bands = "maturity_bands", options = { minimum_answered = 4 } },
  reports = { "self-assessment-html", "self-assessment-markdown", "scores-csv", "scores-json" },
}
