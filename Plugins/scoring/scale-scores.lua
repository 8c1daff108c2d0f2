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
--
-- Anonymity: when the instrument has rater groups other than self (a team pulse, an organisation
-- check), a subject with responses from those groups is scored only when at least N of them came
-- in, N being the largest of their minimums (a group's `min`, else the instrument's anonymity
-- minimum; `minimum_responses` overrides it). With 1 to N - 1 such responses every score is
-- withheld with the reason "fewer than N responses" (self's answers too: they would let the others
-- be worked out), and no count is given. A subject with only a self response is scored as usual. Shown results carry `extra.responses`. Use rater-groups
-- for results per group.

local stats = assess.stats
local ipairs, type, error, tostring, math_max = ipairs, type, error, tostring, math.max

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
  minimum_responses = nil,     -- responses from groups other than self needed for any result (default: their largest minimum)
}

local known_aggregate = { mean = true, sum = true, prorated = true }

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

-- What depends only on the instrument and the options: the settings, and who counts towards the
-- anonymity minimum. The host calls prepare once per scoring thread and passes its (read-only)
-- result to score; score makes it itself when called without it.
local function prepare(instrument, options)
  local cfg = {
    value_map = option(options, "value_map"),
    minimum_answered = option(options, "minimum_answered"),
    aggregate = option(options, "aggregate"),
    conversion = option(options, "conversion"),
    mean_of_elements = option(options, "mean_of_elements"),
    band_dimensions = option(options, "band_dimensions"),
    band_items = option(options, "band_items"),
    overall = option(options, "overall"),
    flag = option(options, "flag"),
    bands = instrument.scoring.bands,
  }
  -- Anonymity: the responses needed from groups other than self (their largest minimum, unless
  -- minimum_responses says otherwise).
  local needed, is_self = options.minimum_responses, {}
  for _, group in ipairs(instrument.raters) do
    is_self[group.id] = group.self
    if group.self then cfg.has_self = true end
    if not group.self and options.minimum_responses == nil then needed = math_max(needed or 0, group.min) end
  end
  cfg.needed, cfg.is_self = needed, is_self
  -- The usual case, scored inline: no conversion, no flags, no bands on dimensions.
  cfg.plain = not cfg.conversion and known_aggregate[cfg.aggregate] == true and not cfg.flag
    and not (cfg.band_dimensions and cfg.bands ~= nil)
  return cfg
end

local function convert(raw, instrument, cfg)
  local id = cfg.conversion
  if not id then return raw end
  local table_ = instrument.conversions and instrument.conversions[id]
  if table_ == nil then error("conversion table '" .. id .. "' is not declared by the instrument") end
  return table_[raw]
end

-- The items a dimension is scored on: its own list when it has no elements (the instrument's
-- read-only list, whose compiled form the kernel keeps), else every item of it and its elements.
local function scored_items(dimension, has_elements)
  if has_elements == false or #dimension.elements == 0 then return dimension.items end
  return all_items(dimension)
end

-- One response's score for a list of items: score, answered, reason (or nil), sum, mean. The
-- per-item arithmetic (reverse keying, value maps, weights) is the host kernel
-- assess.stats.item_sums over the subject's packed answers.
local item_sums, response_sums, response_means = stats.item_sums, stats.response_sums, stats.response_means
local function score_items(items, subject, k, instrument, cfg)
  local sum, answered, weighted_sum, weight_total, weighted = item_sums(subject, items, k, instrument, cfg.value_map)
  local needed = cfg.minimum_answered
  if answered < needed or answered == 0 then
    return nil, answered, ("%d of %d items answered; at least %d needed"):format(answered, #items, math_max(needed, 1))
  end
  local mean = weighted and weighted_sum / weight_total or sum / answered
  local aggregate = cfg.aggregate
  local score
  if aggregate == "mean" then score = mean
  elseif aggregate == "sum" then score = sum
  elseif aggregate == "prorated" then score = mean * #items
  else error("unknown aggregate '" .. tostring(aggregate) .. "' (expected mean, sum or prorated)") end
  return convert(score, instrument, cfg), answered, nil, sum, mean
end

local function band_for(instrument, score, cfg)
  local id = cfg.bands
  if id == nil then return nil end
  return stats.band(instrument.bands[id], score)
end

-- A dimension's score for the subject: the mean of its responses' scores (summed in response
-- order, as assess.stats.mean does).
local function score_dimension(dimension, subject, instrument, options, cfg)
  local total, n, answered_total, reason = 0, 0, 0, nil
  local last_sum, last_mean, last_items, kernel_score
  local has_elements = dimension.elements[1] ~= nil
  local items = scored_items(dimension, has_elements)
  if cfg.mean_of_elements and has_elements then
    local element_items = {}
    for i, element in ipairs(dimension.elements) do element_items[i] = scored_items(element) end
    for k = 1, subject.count do
      local element_scores, answered = {}, 0
      for i = 1, #element_items do
        local s, a = score_items(element_items[i], subject, k, instrument, cfg)
        if s ~= nil then element_scores[#element_scores + 1] = s end
        answered = answered + a
      end
      answered_total = answered_total + answered
      local score = stats.mean(element_scores)
      if score ~= nil then total, n = total + score, n + 1 else reason = "no element could be scored" end
    end
  else
    local needed, aggregate = cfg.minimum_answered, cfg.aggregate
    if not cfg.conversion and known_aggregate[aggregate] then
      -- The usual case (this runs for every dimension of every subject): the kernel applies the
      -- minimum and the aggregate to every response and gives the mean over those that count.
      local score, included, answered, short, sum, mean, count = response_means(subject, items, instrument, cfg.value_map, needed, aggregate)
      answered_total = answered
      if short ~= nil then
        reason = ("%d of %d items answered; at least %d needed"):format(short, count, math_max(needed, 1))
      end
      if score ~= nil then
        n, kernel_score = included, score
        last_sum, last_mean, last_items = sum, mean, count
      end
    else
      -- score_items for every response at once: the kernel fills each response's sum, answered
      -- count and (weighted) mean; conversion tables apply per response.
      local sums, counts, means = {}, {}, {}
      local responses, count = response_sums(subject, items, instrument, cfg.value_map, sums, counts, means)
      for k = 1, responses do
        local sum, answered = sums[k], counts[k]
        answered_total = answered_total + answered
        if answered < needed or answered == 0 then
          reason = ("%d of %d items answered; at least %d needed"):format(answered, count, math_max(needed, 1))
        else
          local mean = means[k]
          local score
          if aggregate == "mean" then score = mean
          elseif aggregate == "sum" then score = sum
          elseif aggregate == "prorated" then score = mean * count
          else error("unknown aggregate '" .. tostring(aggregate) .. "' (expected mean, sum or prorated)") end
          if cfg.conversion then score = convert(score, instrument, cfg) end
          if score ~= nil then
            total, n = total + score, n + 1
            last_sum, last_mean, last_items = sum, mean, count
          else
            reason = nil
          end
        end
      end
    end
  end
  if n == 0 then return { id = dimension.id, answered = answered_total, reason = reason } end
  local score = kernel_score or total / n
  local result = { id = dimension.id, answered = answered_total, score = score }
  if subject.count == 1 and last_sum ~= nil then result.stats = { sum = last_sum, mean = last_mean, items = last_items } end
  if cfg.band_dimensions and cfg.bands ~= nil then result.band = band_for(instrument, score, cfg) end
  local flag = cfg.flag
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
  prepare = prepare,
  score = function(subject, instrument, options, plan)
    local cfg = plan or prepare(instrument, options)
    -- Anonymity first: some but too few responses from groups other than self, and nothing is given.
    local needed, others, is_self = cfg.needed, 0, cfg.is_self
    if needed ~= nil then
      if cfg.has_self then
        for k = 1, subject.count do
          if not is_self[subject.raters[k]] then others = others + 1 end
        end
      else
        others = subject.count  -- no self group: every response counts
      end
      if others > 0 and others < needed then
        local reason = "fewer than " .. needed .. " responses"
        local withheld = {}
        for _, dimension in ipairs(instrument.dimensions) do
          withheld[#withheld + 1] = { id = dimension.id, reason = reason }
          for _, element in ipairs(dimension.elements) do withheld[#withheld + 1] = { id = element.id, reason = reason } end
        end
        return { dimensions = withheld, overall = { reason = reason }, extra = { withheld = reason } }
      end
    end

    -- The overall score is the weighted mean of the dimension scores, summed as it goes (in the
    -- order, and with the arithmetic, of assess.stats.weighted_mean).
    local dimensions = {}
    local count, n, weighted_sum, weight_total = 0, 0, 0, 0
    -- The usual case, inline below (and per dimension: no elements): it gives what
    -- score_dimension gives, without its lookups.
    local plain = cfg.plain
    local needed_items, aggregate, value_map, single = cfg.minimum_answered, cfg.aggregate, cfg.value_map, subject.count == 1
    for _, dimension in ipairs(instrument.dimensions) do
      local result
      local elements = dimension.elements
      local has_elements = elements[1] ~= nil
      if plain and not has_elements then
        local score, _, answered, short, sum, mean, items = response_means(subject, dimension.items, instrument, value_map, needed_items, aggregate)
        if score == nil then
          result = { id = dimension.id, answered = answered,
                     reason = short ~= nil and ("%d of %d items answered; at least %d needed"):format(short, items, math_max(needed_items, 1)) or nil }
        else
          result = { id = dimension.id, answered = answered, score = score }
          if single then result.stats = { sum = sum, mean = mean, items = items } end
        end
      else
        result = score_dimension(dimension, subject, instrument, options, cfg)
      end
      count = count + 1
      dimensions[count] = result
      local score = result.score
      if score ~= nil then
        local weight = dimension.weight or 1
        n, weighted_sum, weight_total = n + 1, weighted_sum + score * weight, weight_total + weight
      end
      if has_elements then
        for _, element in ipairs(elements) do
          count = count + 1
          dimensions[count] = score_dimension(element, subject, instrument, options, cfg)
        end
      end
    end

    local overall
    local mode = cfg.overall
    if mode == "dimensions" and n > 0 then
      overall = { score = weight_total ~= 0 and weighted_sum / weight_total or nil, answered = n }
    elseif mode == "items" then
      local items = {}
      for _, dimension in ipairs(instrument.dimensions) do all_items(dimension, items) end
      local per_response = {}
      for k = 1, subject.count do
        local s = score_items(items, subject, k, instrument, cfg)
        if s ~= nil then per_response[#per_response + 1] = s end
      end
      local s = stats.mean(per_response)
      if s ~= nil then overall = { score = s, answered = #per_response } end
    end
    if overall and cfg.band_dimensions then overall.band = band_for(instrument, overall.score, cfg) end

    local items
    if cfg.band_items then
      items = {}
      for _, dimension in ipairs(instrument.dimensions) do
        for _, item in ipairs(all_items(dimension)) do
          local values = {}
          for _, answer in ipairs(subject.answers[item.id] or {}) do
            values[#values + 1] = item_value(answer, item, instrument, options)
          end
          local mean, n = stats.mean(values)
          items[#items + 1] = { id = item.id, score = mean, answered = n, band = band_for(instrument, mean, cfg),
                                reason = mean == nil and "not answered" or nil }
        end
      end
    end
    return { dimensions = dimensions, overall = overall, items = items,
             extra = needed ~= nil and { responses = subject.count } or nil }
  end,
}
