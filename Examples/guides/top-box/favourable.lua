-- The rules of the top-box scorer, in plain Lua (no `assess` calls), so that `assess lua` and
-- Lua unit tests can run them on their own.
local rules = {}

--- Whether an answer is favourable: in the top `top` options of its scale, after turning a
--- reverse-keyed item round. Not applicable ("na") and unanswered (false) answers give nil.
function rules.favourable(answer, item, scale, top)
  if type(answer) ~= "number" then return nil end
  local value = item.reverse and (scale.min + scale.max - answer) or answer
  return value > scale.max - top
end

--- The percentage of favourable answers in a list of true/false, with the counts.
--- Returns nil (and 0, 0) for an empty list.
function rules.share(flags)
  local favourable = 0
  for _, flag in ipairs(flags) do
    if flag then favourable = favourable + 1 end
  end
  if #flags == 0 then return nil, 0, 0 end
  return 100 * favourable / #flags, #flags, favourable
end

return rules
