-- A situational judgement set: eight workplace scenarios, one per Healthcare Leadership Model
-- dimension, answered by ranking four responses or choosing three of eight. Scored by the sjt
-- scorer through instrument.lua (see README.md).
local scenarios = require("scenarios")

-- The options in a shuffled order (math.random is seeded per attempt, so a resumed or replayed
-- attempt shows the same order).
local function shuffled(options)
  local copy = {}
  for i, o in ipairs(options) do copy[i] = o end
  for i = #copy, 2, -1 do
    local j = math.random(i)
    copy[i], copy[j] = copy[j], copy[i]
  end
  return copy
end

return assess.exercise {
  api = 1, id = "sjt-leadership", version = "1.0.0",
  title = "Leadership situational judgement set",
  description = "Eight NHS leadership scenarios: rank the responses or choose the best three.",
  run = function(ui, ctx)
    ui.say { title = "Before you start",
             text = "You will read eight short situations from NHS teams. For each, rank the responses or choose the best three. There are no trick questions: answer as you would act." }
    local ranked, chosen = 0, 0
    for i, s in ipairs(scenarios) do
      local text = "Scenario " .. i .. " of " .. #scenarios .. ". " .. s.text .. "\n\n" .. s.question
      if s.type == "ranking" then
        ui.rank { id = s.id, title = s.title, text = text, options = shuffled(s.options) }
        ranked = ranked + 1
      else
        ui.choose { id = s.id, title = s.title, text = text, options = shuffled(s.options), min = s.choose, max = s.choose }
        chosen = chosen + 1
      end
    end
    local settled = ui.confirm { id = "conditions", title = "One last question",
                                 text = "Did you answer in one sitting, without being interrupted?",
                                 yes = "Yes, in one sitting", no = "No, I was interrupted" }
    ui.record("one_sitting", settled)
    ui.say { text = "Thank you. Your answers are saved; your trainer will share your results." }
    return { scenarios = #scenarios, ranked = ranked, chosen = chosen, one_sitting = settled }
  end,
}
