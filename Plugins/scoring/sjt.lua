-- sjt: situational judgement scoring against a key.
--
-- Ranking items: the respondent puts the options in order. Under the default "per-option" rule
-- each option scores `ranking_option_max` (default: number of options - 1) minus the distance
-- between where the respondent put it and where the key puts it, never below 0; an option the
-- respondent tied with another (the same option listed twice, or a ranking that is not a full
-- order) scores 0; there is no negative marking. Under the "displacement" rule the item scores
-- `ranking_max` minus the total displacement of all options, never below 0.
-- Choose-N-of-M items: `choose_marks` (default 1) for each keyed option chosen; choosing more than N
-- options scores 0 for the item.
-- Rating items with a key (`key = { "3" }`, the keyed value): the scale's range minus the distance
-- from the keyed value, never below 0.
-- A dimension scores the sum of its items' marks (`stats.max` is the most it could score); items
-- without an answer score nothing and are counted in `stats.unanswered`. A subject with several
-- responses (attempts) gets the mean of their marks.

local defaults = {
  ranking_rule = "per-option",   -- "per-option" | "displacement"
  ranking_option_max = nil,      -- per-option maximum (default: number of options - 1)
  ranking_max = nil,             -- displacement rule maximum (default: the largest possible displacement)
  choose_marks = 1,              -- marks per keyed option chosen
}

local function option(options, name)
  local value = options[name]
  if value == nil then return defaults[name] end
  return value
end

local function positions(list)
  local at, tied = {}, {}
  for i, id in ipairs(list) do
    if at[id] then tied[id] = true else at[id] = i end
  end
  return at, tied
end

-- Marks and maximum for a ranking answer.
local function score_ranking(answer, item, options)
  local n = #item.options
  local key_at = positions(item.key)
  local given_at, tied = positions(answer)
  if option(options, "ranking_rule") == "displacement" then
    local total = 0
    for _, id in ipairs(item.options) do
      if given_at[id] == nil or tied[id] then total = total + (n - 1) else total = total + math.abs(given_at[id] - key_at[id]) end
    end
    local worst = 0
    for i = 1, n do worst = worst + math.abs(i - (n + 1 - i)) end
    local max = option(options, "ranking_max") or worst
    return math.max(0, max - total), max
  end
  local per = option(options, "ranking_option_max") or (n - 1)
  local marks = 0
  for _, id in ipairs(item.options) do
    if given_at[id] ~= nil and not tied[id] and key_at[id] ~= nil then
      marks = marks + math.max(0, per - math.abs(given_at[id] - key_at[id]))
    end
  end
  return marks, per * n
end

local function score_choose(answer, item, options)
  local each = option(options, "choose_marks")
  local max = each * #item.key
  if #answer > (item.choose or #item.key) then return 0, max end
  local keyed = {}
  for _, id in ipairs(item.key) do keyed[id] = true end
  local marks, seen = 0, {}
  for _, id in ipairs(answer) do
    if keyed[id] and not seen[id] then marks = marks + each end
    seen[id] = true
  end
  return marks, max
end

local function score_rating(answer, item, instrument)
  local scale = instrument.scales[item.scale]
  local range = scale.max - scale.min
  local keyed = tonumber(item.key[1])
  return math.max(0, range - math.abs(answer - keyed)), range
end

-- Marks for one answer, or nil when unanswered or unkeyed.
local function score_item(answer, item, instrument, options)
  if item.key == nil then return nil end
  if item.type == "ranking" and type(answer) == "table" then return score_ranking(answer, item, options) end
  if item.type == "choose" and type(answer) == "table" then return score_choose(answer, item, options) end
  if type(answer) == "number" then return score_rating(answer, item, instrument) end
  return nil
end

return assess.scorer {
  api = 1,
  id = "sjt",
  version = "1.0.0",
  description = "Situational judgement items scored against their key: rankings by closeness to the keyed order, "
    .. "choose-N-of-M by keyed options chosen, ratings by closeness to the keyed value.",
  options = defaults,
  score = function(subject, instrument, options)
    local dimensions, items = {}, {}
    local total, total_max = 0, 0
    for _, dimension in ipairs(instrument.dimensions) do
      local sum, max, unanswered = 0, 0, 0
      for _, item in ipairs(dimension.items) do
        local per_attempt, item_max = {}, nil
        for k = 1, subject.count do
          local marks, m = score_item(subject.answers[item.id][k], item, instrument, options)
          if marks ~= nil then per_attempt[#per_attempt + 1] = marks; item_max = m end
        end
        local mean = assess.stats.mean(per_attempt)
        if item.key ~= nil then
          if mean == nil then
            unanswered = unanswered + 1
            items[#items + 1] = { id = item.id, reason = "not answered" }
          else
            sum = sum + mean
            max = max + item_max
            items[#items + 1] = { id = item.id, score = mean, stats = { max = item_max } }
          end
        end
      end
      dimensions[#dimensions + 1] = { id = dimension.id, score = sum, stats = { max = max, unanswered = unanswered } }
      total, total_max = total + sum, total_max + max
    end
    return { dimensions = dimensions, items = items, overall = { score = total, stats = { max = total_max } } }
  end,
}
