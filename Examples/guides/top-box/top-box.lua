-- top-box: the percentage of favourable answers per dimension and overall, the way staff
-- surveys are often summarised. An answer is favourable when it is in the top `top` options of
-- its scale (the top two of five by default), after turning reverse-keyed items round. Not
-- applicable and unanswered items count in neither the numerator nor the denominator; a
-- dimension with fewer than `minimum_answered` counted answers has no score and says why.
local rules = require "favourable"

return assess.scorer {
  api = 1,
  id = "top-box",
  version = "1.0.0",
  description = "Percentage of favourable answers (the top options of each scale) per dimension and overall.",
  options = { top = 2, minimum_answered = 1 },
  score = function(subject, instrument, options)
    local dimensions, everything = {}, {}
    for _, dimension in ipairs(instrument.dimensions) do
      local flags = {}
      for _, item in ipairs(dimension.items) do
        local scale = instrument.scales[item.scale]
        for _, answer in ipairs(subject.answers[item.id] or {}) do
          local flag = scale and rules.favourable(answer, item, scale, options.top)
          if flag ~= nil then
            flags[#flags + 1] = flag
            everything[#everything + 1] = flag
          end
        end
      end
      local percent, counted, favourable = rules.share(flags)
      if percent ~= nil and counted >= options.minimum_answered then
        dimensions[#dimensions + 1] = { id = dimension.id, score = percent, answered = counted,
                                        stats = { favourable = favourable } }
      else
        dimensions[#dimensions + 1] = { id = dimension.id, answered = counted,
                                          reason = counted == 0 and "no answers to count"
                                          or ("only " .. counted .. " answers; " .. options.minimum_answered .. " needed") }
      end
    end
    local percent, counted, favourable = rules.share(everything)
    local overall = { answered = counted, stats = { favourable = favourable } }
    if percent ~= nil then overall.score = percent else overall.reason = "no answers" end
    return { dimensions = dimensions, overall = overall }
  end,
}
