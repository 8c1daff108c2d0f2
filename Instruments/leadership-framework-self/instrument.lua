-- Leadership Framework (2011) self-assessment: 7 domains x 4 elements x 4 statements.
-- Domain and element names are the framework's; every statement is AssessKit's own wording
-- (items.lua beside this file). The first five domains are core for all staff; the last two
-- apply to senior and strategic roles.
local bank = require "items"

-- How often each statement applies. Totals per domain; no norms or cut-offs.
local frequency = assess.scale {
  id = "lf_frequency", kind = "frequency",
  options = {
    { value = 1, label = "Very rarely" },
    { value = 2, label = "Rarely" },
    { value = 3, label = "Sometimes" },
    { value = 4, label = "Often" },
    { value = 5, label = "Very often" },
  },
}

-- Colour band per statement (not per domain: domain totals have no norms or cut-offs): red and
-- orange suggest a development area; green may be a strength worth checking is not overplayed.
local colours = assess.bands {
  id = "statement_colours",
  { from = 1, label = "Red", colour = "#c0392b" },
  { from = 2, label = "Orange", colour = "#e67e22" },
  { from = 4, label = "Green", colour = "#27ae60" },
}

local dimensions = {}
for _, domain in ipairs(bank) do
  local elements = {}
  for _, element in ipairs(domain.elements) do
    elements[#elements + 1] = { id = element.id, title = element.title, items = element.statements }
  end
  dimensions[#dimensions + 1] = { id = domain.id, title = domain.title, core = domain.core, elements = elements }
end

return assess.instrument {
  api = 1,
  id = "leadership-framework-self",
  version = "1.0.0",
  title = "Leadership Framework self-assessment",
  description = "How often 112 leadership behaviours apply to you, across the seven domains of the "
    .. "Leadership Framework, with totals per domain and a colour band per statement.",
  framework = { name = "Leadership Framework", publisher = "NHS Leadership Academy", year = 2011 },
  kind = "self",
  scale = frequency,
  dimensions = dimensions,
  comments = {
    { id = "reflection", text = "Looking at your results, which element would make the biggest difference to your work if you developed it?" },
  },
  bands = colours,
  scoring = {
    plugin = "scale-scores",
    bands = "statement_colours",
    -- Domain totals (sums), unbanded; each statement banded by its rating.
    options = { aggregate = "sum", band_items = true, band_dimensions = false, report_core_separately = true },
  },
  reports = { "self-assessment-html", "self-assessment-markdown", "scores-csv", "scores-json" },
}
