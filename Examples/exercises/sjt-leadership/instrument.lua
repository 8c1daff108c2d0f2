-- The sjt-leadership scenarios as an instrument, so exported attempts can be scored with the sjt
-- scorer: assess attempts export --exercise sjt-leadership --out sjt.csv; assess score Examples/exercises/sjt-leadership sjt.csv
local scenarios = require("scenarios")

local titles = {
  leading_with_care = "Leading with care",
  evaluating_information = "Evaluating information",
  connecting_our_service = "Connecting our service",
  sharing_the_vision = "Sharing the vision",
  engaging_the_team = "Engaging the team",
  holding_to_account = "Holding to account",
  developing_capability = "Developing capability",
  influencing_for_results = "Influencing for results",
}

local dimensions, by_id = {}, {}
for _, s in ipairs(scenarios) do
  local d = by_id[s.dimension]
  if d == nil then
    d = { id = s.dimension, title = titles[s.dimension], items = {} }
    by_id[s.dimension] = d
    dimensions[#dimensions + 1] = d
  end
  d.items[#d.items + 1] = { id = s.id, type = s.type, text = s.title .. ": " .. s.question,
                            options = s.options, key = s.key, choose = s.choose }
end

return assess.instrument {
  api = 1, id = "sjt-leadership", version = "1.0.0", title = "Leadership situational judgement set",
  kind = "self", scale = "agreement5",
  dimensions = dimensions,
  scoring = { plugin = "sjt" },
}
