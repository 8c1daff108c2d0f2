-- Healthcare Leadership Model 360° feedback (NHS Leadership Academy, 2013).
-- Structure and dimension names are the model's; every item, summary and level descriptor is
-- AssessKit's own wording (see items.lua, levels.lua, comments.lua beside this file).
local bank = require "items"
local levels = require "levels"
local comments = require "comments"

-- Performance: how often the behaviour is seen. Raters who have not seen it say so, and those
-- answers count in neither the numerator nor the denominator of a mean.
local performance = assess.scale {
  id = "hlm_frequency", kind = "frequency",
  options = {
    { value = 1, label = "Rarely" },
    { value = 2, label = "Sometimes" },
    { value = 3, label = "Often" },
    { value = 4, label = "Almost always" },
    { label = "Not observed", na = true },
  },
}

-- The model's four levels as bands of the 1-4 performance mean. The cut points are AssessKit's
-- defaults, not the Academy's: trusts change them by extending this instrument.
local hlm_levels = assess.bands {
  id = "hlm_levels",
  { from = 1, label = "Essential" },
  { from = 1.75, label = "Proficient" },
  { from = 2.5, label = "Strong" },
  { from = 3.25, label = "Exemplary" },
}

local dimensions = {}
for _, d in ipairs(bank) do
  local l = levels[d.id]
  dimensions[#dimensions + 1] = {
    id = d.id,
    title = d.title,
    description = d.summary,
    items = d.items,
    importance = { id = d.id .. "_importance", text = d.importance, scale = "importance4" },
    levels = { Essential = l.essential, Proficient = l.proficient, Strong = l.strong, Exemplary = l.exemplary },
  }
end

return assess.instrument {
  api = 1,
  id = "hlm-360",
  version = "1.0.0",
  title = "Healthcare Leadership Model 360° feedback",
  description = "Feedback from colleagues on the nine dimensions of the Healthcare Leadership Model, "
    .. "with each dimension also rated for how important it is to the role.",
  framework = { name = "Healthcare Leadership Model", publisher = "NHS Leadership Academy", year = 2013 },
  kind = "360",
  scale = performance,
  raters = {
    { id = "self", label = "Self" },
    { id = "manager", label = "Line manager", min = 1, always_show = true },
    { id = "peer", label = "Peers", min = 3 },
    { id = "direct_report", label = "Direct reports", min = 3 },
    { id = "other", label = "Others", min = 3 },
  },
  anonymity = { minimum = 3, policy = "suppress" },
  dimensions = dimensions,
  comments = comments,
  bands = hlm_levels,
  scoring = {
    plugin = "rater-groups",
    bands = "hlm_levels",
    options = { gap = { threshold = 0.5 }, minimum_answered = 3 },
  },
  reports = { "feedback-html", "feedback-markdown", "scores-csv", "scores-json" },
}
