-- A short team pulse on the four behaviours of compassionate leadership (attending,
-- understanding, empathising, helping) and inclusion, answered by team members about their
-- experience of their team and manager. All wording is AssessKit's own.
local bank = require "items"

local dimensions = {}
for _, section in ipairs(bank) do
  dimensions[#dimensions + 1] = {
    id = section.id, title = section.title, description = section.summary, items = section.items,
  }
end

return assess.instrument {
  api = 1,
  id = "compassionate-leadership-pulse",
  version = "1.0.0",
  title = "Compassionate leadership team pulse",
  description = "Fifteen statements for team members on how attended to, understood, cared for, "
    .. "helped and included they feel, reported on a 0-10 scale per behaviour.",
  kind = "team",
  scale = "agreement5",
  raters = {
    { id = "member", label = "Team members" },
  },
  -- A team result is shown only when at least five people answered.
  anonymity = { minimum = 5, policy = "suppress" },
  dimensions = dimensions,
  comments = {
    { id = "one_change", text = "What one change would make the biggest difference to how supported you feel at work?" },
  },
  -- Agreement 1-5 scored as 0, 2.5, 5, 7.5, 10 so each behaviour reads on a 0-10 scale.
  value_maps = { assess.value_map { id = "to_ten", map = { [1] = 0, [2] = 2.5, [3] = 5, [4] = 7.5, [5] = 10 } } },
  bands = assess.bands {
    id = "pulse",
    { from = 0, label = "Needs attention", colour = "#c0392b" },
    { from = 5, label = "Mixed", colour = "#e67e22" },
    { from = 7.5, label = "Strong", colour = "#27ae60" },
  },
  scoring = { plugin = "scale-scores", bands = "pulse", options = { value_map = "to_ten", minimum_answered = 2 } },
  reports = { "self-assessment-html", "scores-csv", "scores-json" },
}
