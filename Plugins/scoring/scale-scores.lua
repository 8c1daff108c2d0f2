-- scale-scores: per-dimension and overall scale scores for self-assessments, team surveys and
-- capability checks.
--
-- For each response and dimension: each answered item's value, reverse-keyed (minimum + maximum -
-- value) when the item says so, then mapped through a value map when one applies; not-applicable
-- and unanswered items count in neither numerator nor denominator. A dimension with fewer answered
-- items than `minimum_answered` gets no score and says why. The dimension's score is then the mean
-- of answered items (`aggregate = "mean"`, weighted when items carry weights), their sum
-- (`"sum"`), or the prorated sum (`"prorated"`: the mean times the number of items), optionally
-- converted through a conversion table. A subject with several responses gets the mean of its
-- responses' scores. The overall score is the mean of the dimension scores (weighted by dimension
-- weight), or of all items (`overall = "items"`). Full precision throughout: rounding happens only
-- when results are written.

local stats = assess.stats

-- Options an instrument may set under scoring.options (these are the defaults).
local defaults = {
  aggregate = "mean",          -- "mean" | "sum" | "prorated"
  minimum_answered = 1,        -- fewest answered items for a dimension score
  value_map = nil,             -- id of a value map applied to every item without its own
  conversion = nil,            -- id of a conversion table applied to the aggregate
  overall = "dimensions",      -- "dimensions" | "items" | "none"
  mean_of_elements = false,    -- a dimension with elements scores as the mean of its elements' scores
  band_dimensions = true,      -- band dimension scores with the instrument's scoring bands
  band_items = false,          -- also report each item's mean with its band
  flag = nil,                  -- { label =, mean_below =, any_item_at_most = } flags per dimension
}

local function option(options, name)
  local value = options[name]
  if value == nil then return defaults[name] end
  return value
end

-- All items of a dimension, its elements' included.
local function all_items(dimension, into)
  into = into or {}
  for _, item in ipairs(dimension.items) do into[#into + 1] = item end
  for _, element in ipairs(dimension.elements) do all_items(element, into) end
  return into
end

-- The scored value of one answer to one item, or nil when it does not count.
local function item_value(answer, item, instrument, options)
  if type(answer) ~= "number" then return nil end
  local scale = instrument.scales[item.scale]
  local v = answer
  if item.reverse then v = scale.min + scale.max - v end
  local map_id = item.value_map or option(options, "value_map")
  if map_id then
    local map = instrument.value_maps[map_id]
    if map == nil then error("value map '" .. map_id .. "' is not declared by the instrument") end
    v = map[v]
    if v == nil then error("value map '" .. map_id .. "' has no entry for " .. tostring(answer)) end
  end
  return v
end

local function convert(raw, instrument, options)
  local id = option(options, "conversion")
  if not id then return raw end
  local table_ = instrument.conversions and instrument.conversions[id]
  if table_ == nil then error("conversion table '" .. id .. "' is not declared by the instrument") end
  return table_[raw]
end

-- A list of items made ready for scoring (scale bounds, value map, weight), so that the loops
-- over responses do no lookups: made once per subject and list.
local function prepare(items, instrument, options)
  local ready = {}
  for _, item in ipairs(items) do
    local scale = instrument.scales[item.scale]
    local map_id = item.value_map or option(options, "value_map")
    local map
    if map_id then
      map = instrument.value_maps[map_id]
      if map == nil then error("value map '" .. map_id .. "' is not declared by the instrument") end
    end
    ready[#ready + 1] = { id = item.id, lo = scale.min, hi = scale.max, reverse = item.reverse,
                          weight = item.weight, map = map, map_id = map_id }
  end
  return ready
end

-- One response's score for a prepared list of items: score, answered, stats (or nil and a reason).
local function score_items(ready, subject, k, instrument, options)
  local answers = subject.answers
  local sum, answered, weighted_sum, weight_total, weighted = 0, 0, 0, 0, false
  for i = 1, #ready do
    local item = ready[i]
    local column = answers[item.id]
    local answer = column and column[k]
    if type(answer) == "number" then
      local v = answer
      if item.reverse then v = item.lo + item.hi - v end
      if item.map then
        v = item.map[v]
        if v == nil then error("value map '" .. item.map_id .. "' has no entry for " .. tostring(answer)) end
      end
      local w = item.weight or 1
      answered = answered + 1
      sum = sum + v
      weighted_sum = weighted_sum + v * w
      weight_total = weight_total + w
      if item.weight ~= 1 then weighted = true end
    end
  end
  local needed = option(options, "minimum_answered")
  if answered < needed or answered == 0 then
    return nil, answered, ("%d of %d items answered; at least %d needed"):format(answered, #ready, math.max(needed, 1))
  end
  local mean = weighted and weighted_sum / weight_total or sum / answered
  local aggregate = option(options, "aggregate")
  local score
  if aggregate == "mean" then score = mean
  elseif aggregate == "sum" then score = sum
  elseif aggregate == "prorated" then score = mean * #ready
  else error("unknown aggregate '" .. tostring(aggregate) .. "' (expected mean, sum or prorated)") end
  return convert(score, instrument, options), answered, nil, { sum = sum, mean = mean, items = #ready }
end

local function band_for(instrument, score)
  local id = instrument.scoring.bands
  if id == nil then return nil end
  return stats.band(instrument.bands[id], score)
end

-- A dimension's score for the subject: the mean of its responses' scores.
local function score_dimension(dimension, subject, instrument, options)
  local per_response, answered_total, reason, last_stats = {}, 0, nil, nil
  local elements = option(options, "mean_of_elements") and #dimension.elements > 0
  local ready = prepare(all_items(dimension), instrument, options)
  local ready_elements = {}
  if elements then
    for i, element in ipairs(dimension.elements) do ready_elements[i] = prepare(all_items(element), instrument, options) end
  end
  for k = 1, subject.count do
    local score, answered, why, figures
    if elements then
      local element_scores = {}
      for i = 1, #ready_elements do
        local s, a = score_items(ready_elements[i], subject, k, instrument, options)
        if s ~= nil then element_scores[#element_scores + 1] = s end
        answered = (answered or 0) + a
      end
      score = stats.mean(element_scores)
      if score == nil then why = "no element could be scored" end
    else
      score, answered, why, figures = score_items(ready, subject, k, instrument, options)
    end
    answered_total = answered_total + (answered or 0)
    if score ~= nil then per_response[#per_response + 1] = score; last_stats = figures else reason = why end
  end
  local result = { id = dimension.id, answered = answered_total }
  local score = stats.mean(per_response)
  if score == nil then
    result.reason = reason
    return result
  end
  result.score = score
  if subject.count == 1 and last_stats then result.stats = last_stats end
  if option(options, "band_dimensions") then result.band = band_for(instrument, score) end
  local flag = option(options, "flag")
  if flag then
    local flagged = flag.mean_below ~= nil and score < flag.mean_below
    if flag.any_item_at_most ~= nil then
      for _, item in ipairs(all_items(dimension)) do
        for _, answer in ipairs(subject.answers[item.id] or {}) do
          local v = item_value(answer, item, instrument, options)
          if v ~= nil and v <= flag.any_item_at_most then flagged = true end
        end
      end
    end
    if flagged then result.flags = { flag.label or "flag" } end
  end
  return result
end

return assess.scorer {
  api = 1,
  id = "scale-scores",
  version = "1.0.0",
  description = "Per-dimension and overall scale scores: means, sums or prorated sums of answered items, "
    .. "with reverse keying, value maps, minimum-answered rules, conversion tables and bands.",
  options = defaults,
  score = function(subject, instrument, options)
    local dimensions, scored = {}, {}
    local weights = {}
    local function visit(dimension)
      local result = score_dimension(dimension, subject, instrument, options)
      dimensions[#dimensions + 1] = result
      return result
    end
    for _, dimension in ipairs(instrument.dimensions) do
      local result = visit(dimension)
      if result.score ~= nil then
        scored[#scored + 1] = result.score
        weights[#weights + 1] = dimension.weight
      end
      for _, element in ipairs(dimension.elements) do visit(element) end
    end

    local overall
    local mode = option(options, "overall")
    if mode == "dimensions" and #scored > 0 then
      overall = { score = stats.weighted_mean(scored, weights), answered = #scored }
    elseif mode == "items" then
      local items = {}
      for _, dimension in ipairs(instrument.dimensions) do all_items(dimension, items) end
      local ready = prepare(items, instrument, options)
      local per_response = {}
      for k = 1, subject.count do
        local s = score_items(ready, subject, k, instrument, options)
        if s ~= nil then per_response[#per_response + 1] = s end
      end
      local s = stats.mean(per_response)
      if s ~= nil then overall = { score = s, answered = #per_response } end
    end
    if overall and option(options, "band_dimensions") then overall.band = band_for(instrument, overall.score) end

    local items
    if option(options, "band_items") then
      items = {}
      for _, dimension in ipairs(instrument.dimensions) do
        for _, item in ipairs(all_items(dimension)) do
          local values = {}
          for _, answer in ipairs(subject.answers[item.id] or {}) do
            values[#values + 1] = item_value(answer, item, instrument, options)
          end
          local mean, n = stats.mean(values)
          items[#items + 1] = { id = item.id, score = mean, answered = n, band = band_for(instrument, mean),
                                reason = mean == nil and "not answered" or nil }
        end
      end
    end
    return { dimensions = dimensions, overall = overall, items = items }
  end,
}
