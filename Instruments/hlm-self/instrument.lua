-- Healthcare Leadership Model self-assessment: the same nine dimensions, items and levels as the
-- 360 (it extends hlm-360), rated by the person alone, with reflective questions per dimension.
local reflection = require "reflection"

local dimensions = {}
for id, questions in pairs(reflection) do
  dimensions[#dimensions + 1] = { id = id, prompts = questions }
end

return assess.instrument {
  api = 1,
  extends = "hlm-360",
  id = "hlm-self",
  version = "1.0.0",
  title = "Healthcare Leadership Model self-assessment",
  description = "A self-assessment on the nine dimensions of the Healthcare Leadership Model: "
    .. "how often each behaviour shows in your work, and how important each dimension is to your role.",
  kind = "self",
  -- Rating yourself, every behaviour is observable: the scale has no "Not observed".
  scale = assess.scale {
    id = "hlm_frequency_self", kind = "frequency",
    options = {
      { value = 1, label = "Rarely" },
      { value = 2, label = "Sometimes" },
      { value = 3, label = "Often" },
      { value = 4, label = "Almost always" },
    },
  },
  raters = {
    { id = "manager", remove = true },
    { id = "peer", remove = true },
    { id = "direct_report", remove = true },
    { id = "other", remove = true },
  },
  dimensions = dimensions,
  comments = {
    { id = "strengths", remove = true },
    { id = "more_or_differently", remove = true },
    { id = "anything_else", remove = true },
    { id = "proudest", text = "Which piece of your leadership in the last year are you proudest of, and why?" },
    { id = "next_step", text = "Which one dimension will you work on next, and what will you try first?" },
  },
  scoring = { plugin = "scale-scores", bands = "hlm_levels", options = { minimum_answered = 3 } },
  reports = { "self-assessment-html", "self-assessment-markdown", "scores-csv", "scores-json" },
}
