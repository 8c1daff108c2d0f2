-- rater-groups: 360° feedback by rater group, for one subject (the person receiving feedback).
--
-- Values. Each answered rating item scores its scale value, reverse-keyed items minimum + maximum -
-- value. Not-applicable ("Not observed") and unanswered items count in neither numerator nor
-- denominator. Items with a value map are refused (r_wg's uniform null and the relative gap
-- threshold are defined on the scale's own points).
--
-- Means. For each rater group, each item's mean is the mean of that group's answers to it. A
-- response's dimension mean is the mean of its answered items in the dimension (weighted by item
-- weight, 1 by default) and needs at least `minimum_answered` answered items; a group's dimension
-- mean is the mean of its responses' dimension means, and `answered` counts those responses.
-- "all_others" is the same over every response counted for a shown group other than self (see
-- the subtraction rule below). A dimension's `score` is its all_others mean, banded with the
-- instrument's `scoring.bands`; `groups` holds every shown group and all_others. Elements, when a
-- dimension has them, are scored the same way and listed after it. `overall` is the mean of the
-- top-level dimension scores (weighted by dimension weight, 1 by default); each group's overall is
-- its mean over the same dimensions (those with an all_others score; all of them when none has),
-- so that self and others are compared like for like.
--
-- Anonymity. Every rater group of the instrument is listed in `extra.groups`, in the instrument's
-- order. A group is shown when it has at least its `min` responses (the group's own `min`, by
-- default the anonymity minimum) or is `always_show` (the line manager, who is not anonymous
-- anyway) and has at least one; the self group is always shown when present. For a group that is
-- not shown, the count is never given: only "fewer than N responses" (or "no responses" when N
-- is 1 or the group is always shown), whether it had none, one or N - 1.
--   policy = "suppress": a group that is not shown is dropped entirely: no means, no count, and
--     none of its comments.
--   policy = "merge": the responses of each group below its minimum are merged into the
--     `merge_into` group, which is then judged again: a group holding merged responses is shown only
--     with at least the larger of its own `min` and the anonymity minimum (`always_show` no longer
--     applies to it, since it now holds anonymous answers); if it still falls short, it is
--     suppressed as above, merged responses included. Merged groups are listed with `merged_into`,
--     the target with `merged_from` (every group below its minimum is listed as merged, even one
--     with no responses, so merging does not tell none from a few). Without a usable target (a
--     self group), groups are suppressed.
--   The subtraction rule. A suppressed group must not be recoverable from totals. If all_others
--     included a suppressed group, then all_others' mean and count minus the shown groups' means
--     and counts would give the suppressed group's mean exactly when one group is suppressed, and
--     the pooled mean of the suppressed responses when several are (per item, where others
--     answered "Not observed", that can be a single rater's answer). So all_others, and everything
--     computed from it (dimension and item scores, overall, gaps, highest and lowest items, rater
--     agreement, importance), is ALWAYS computed from the responses of the SHOWN groups other than
--     self, never from suppressed responses, however many groups are suppressed. No total of any
--     kind (for example everyone including self) is reported that mixes in suppressed responses.
--     `extra.all_others` lists the groups all_others is made of.
--   Note: a shown group's item (and dimension) means can rest on fewer answers than its minimum
--     when some of its raters answer "Not observed"; like comments, they stay unattributed.
--
-- Gaps. Per dimension and per item, `stats.gap` = self mean - all_others mean (both needed). A
-- dimension or item is flagged "blind spot" when the gap >= the threshold and "hidden strength" when
-- -gap >= the threshold (`gap.threshold`, in scale points; with `gap.relative = true`, a fraction of
-- the scale's range, max - min; a gap of exactly 0 is never flagged; a tolerance of 1e-9 absorbs
-- floating-point error at the threshold).
--
-- Rater agreement, per dimension, among the all_others responses' dimension means (n >= 2, else
-- both are absent): `stats.sd` is the sample standard deviation (n - 1), and `stats.rwg` =
-- 1 - observed variance / expected variance, the expected variance under a uniform null being
-- (A^2 - 1) / 12 for a scale of A scored options (A = 4 on a 4-point scale: 1.25). This is the
-- single-item r_wg applied to the raters' dimension means (not the multi-item r_wg(J)). r_wg is
-- CLAMPED to [0, 1]: a variance above the null's gives 0, not a negative value. It is absent when
-- the dimension's items use different scales. "raters disagree" is flagged when sd > `sd_above` or
-- rwg < `rwg_below` (set either to false to turn it off).
--
-- Importance. For a dimension with an importance question, `stats.importance_self` and
-- `stats.importance_others` are the mean importance given by self and by all_others (shown groups
-- only), beside the performance score.
--
-- Highest and lowest. `extra.highest` and `extra.lowest` list the `highest_lowest` items with the
-- highest and lowest all_others means, as { item =, mean = }; ties go to the item that comes first in
-- the instrument. Only items others answered count. With fewer than 2 x highest_lowest such items
-- the two lists overlap.
--
-- Comments, `extra.comments`: for each comment question (instrument order) and each SHOWN group
-- (rater order; self included), { item =, group =, texts = { ... } }, verbatim. Texts are sorted by
-- their bytes, so their order says nothing about who wrote them or in which row. Suppressed groups'
-- comments are never included; merged groups' comments go with the group they were merged into.
--
-- Lists in `extra` that would be empty (no shown group besides self, no item answered by others,
-- no comments) are left out, because the host writes an empty table as {}.
--
-- Full precision throughout: rounding happens only when results are written (the host rounds
-- scores, stats and groups; numbers in `extra`, such as highest and lowest means, are written at
-- full precision). Nothing is kept between subjects.

local stats = assess.stats

-- Options an instrument may set under scoring.options (these are the defaults). A table option
-- replaces the default table as a whole, so each of its fields falls back to the default here.
local defaults = {
  minimum_answered = 1,                             -- fewest answered items for a response's dimension mean
  gap = { threshold = 0.5, relative = false },      -- blind spot / hidden strength threshold
  agreement = { sd_above = 1.0, rwg_below = 0.5 },  -- "raters disagree" when sd > sd_above or rwg < rwg_below
  highest_lowest = 5,                               -- how many items in extra.highest and extra.lowest
}

local BLIND_SPOT, HIDDEN_STRENGTH, DISAGREE = "blind spot", "hidden strength", "raters disagree"
local EPSILON = 1e-9

local function option(options, name, field)
  local value = options[name]
  if field == nil then
    if value == nil then return defaults[name] end
    return value
  end
  if value == nil then return defaults[name][field] end
  if type(value) ~= "table" then
    error(("option '%s' must be a table like { %s = ... }, not a %s"):format(name, field, type(value)), 0)
  end
  local v = value[field]
  if v == nil then return defaults[name][field] end
  return v
end

local function whole(x) return type(x) == "number" and x >= 0 and x == math.floor(x) end

-- The options, checked once per subject.
local function settings(options)
  local s = {
    minimum_answered = option(options, "minimum_answered"),
    threshold = option(options, "gap", "threshold"),
    relative = option(options, "gap", "relative"),
    sd_above = option(options, "agreement", "sd_above"),
    rwg_below = option(options, "agreement", "rwg_below"),
    highest_lowest = option(options, "highest_lowest"),
  }
  if not whole(s.minimum_answered) then error("option 'minimum_answered' must be a whole number >= 0", 0) end
  if type(s.threshold) ~= "number" or s.threshold < 0 then error("option 'gap.threshold' must be a number >= 0", 0) end
  if type(s.relative) ~= "boolean" then error("option 'gap.relative' must be true or false", 0) end
  if s.sd_above ~= false and type(s.sd_above) ~= "number" then error("option 'agreement.sd_above' must be a number or false", 0) end
  if s.rwg_below ~= false and type(s.rwg_below) ~= "number" then error("option 'agreement.rwg_below' must be a number or false", 0) end
  if not whole(s.highest_lowest) then error("option 'highest_lowest' must be a whole number >= 0", 0) end
  s.needed = math.max(s.minimum_answered, 1)
  return s
end

-- All items of a dimension, its elements' included.
local function all_items(dimension, into)
  into = into or {}
  for _, item in ipairs(dimension.items) do into[#into + 1] = item end
  for _, element in ipairs(dimension.elements) do all_items(element, into) end
  return into
end

local function scale_of(instrument, item)
  local scale = instrument.scales[item.scale]
  if scale == nil then error(("item '%s' names scale '%s', which the instrument does not declare"):format(item.id, tostring(item.scale)), 0) end
  if item.value_map ~= nil then
    error(("item '%s' has a value map; rater-groups scores scale values only"):format(item.id), 0)
  end
  return scale
end

-- The scored value of one answer, or nil when it does not count ("na", false, text).
local function value(answer, item, scale)
  if type(answer) ~= "number" then return nil end
  if item.reverse then return scale.min + scale.max - answer end
  return answer
end

-- Scored options of a scale (those with a value and not "not applicable").
local function scored_options(scale)
  local n = 0
  for _, o in ipairs(scale.options) do
    if o.value ~= nil and not o.na then n = n + 1 end
  end
  return n
end

-- Mean and count of a list of numbers (nil when empty).
local function mean_of(list)
  if #list == 0 then return nil, 0 end
  local s = 0
  for _, v in ipairs(list) do s = s + v end
  return s / #list, #list
end

-- Sample variance (nil for fewer than two).
local function variance_of(list)
  local m, n = mean_of(list)
  if n < 2 then return nil end
  local ss = 0
  for _, v in ipairs(list) do ss = ss + (v - m) ^ 2 end
  return ss / (n - 1)
end

-- Byte-order comparison (independent of any locale).
local function bytes_before(a, b)
  local la, lb = #a, #b
  for i = 1, math.min(la, lb) do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return la < lb
end

local function fewer(n)
  if n <= 1 then return "no responses" end
  return ("fewer than %d responses"):format(n)
end

-- Which groups are shown, after the anonymity policy: a list in the instrument's rater order,
-- each { spec fields, own = {k...}, members = {k...}, shown, reason, ... }.
local function plan_groups(subject, instrument)
  local anonymity = instrument.anonymity
  local minimum = anonymity.minimum or 3
  local groups, by_id = {}, {}
  for _, r in ipairs(instrument.raters) do
    local g = { id = r.id, label = r.label or r.id, self = r.self == true, min = r.min or minimum,
                always_show = r.always_show == true, own = {}, received = {}, merged_from = {} }
    groups[#groups + 1] = g
    by_id[r.id] = g
  end
  for k = 1, subject.count do
    local g = by_id[subject.raters[k]]
    if g == nil then error(("a response is from rater group '%s', which the instrument does not declare"):format(tostring(subject.raters[k])), 0) end
    g.own[#g.own + 1] = k
  end

  for _, g in ipairs(groups) do
    local n = #g.own
    if g.self then
      g.shown = n > 0
      if not g.shown then g.reason = "no responses" end
    elseif n > 0 and (n >= g.min or g.always_show) then
      g.shown = true
    else
      g.shown = false
      g.reason = (g.always_show or n == 0 and g.min <= 1) and "no responses" or fewer(g.min)
    end
  end

  local target = anonymity.policy == "merge" and anonymity.merge_into and by_id[anonymity.merge_into] or nil
  if target and not target.self then
    for _, g in ipairs(groups) do
      -- Every group below its minimum is listed as merged, even one with no responses, so that
      -- merging says nothing about whether a small group had any.
      if not g.self and not g.shown and g ~= target then
        for _, k in ipairs(g.own) do target.received[#target.received + 1] = k end
        target.merged_from[#target.merged_from + 1] = g.id
        g.merged_into = target.id
        g.reason = g.reason .. "; merged into " .. target.label
      end
    end
    if #target.received > 0 then
      local need = math.max(target.min, minimum)
      target.shown = #target.own + #target.received >= need
      target.reason = not target.shown and fewer(need) or nil
    end
  end

  local shown, self_k, others_k, others_ids = {}, {}, {}, {}
  for _, g in ipairs(groups) do
    g.members = {}
    if g.shown then
      for _, k in ipairs(g.own) do g.members[#g.members + 1] = k end
      for _, k in ipairs(g.received) do g.members[#g.members + 1] = k end
      shown[#shown + 1] = g
      local into = g.self and self_k or others_k
      for _, k in ipairs(g.members) do into[#into + 1] = k end
      if not g.self then others_ids[#others_ids + 1] = g.id end
    end
  end
  return { groups = groups, shown = shown, self = self_k, others = others_k, others_ids = others_ids }
end

-- A group's score entry (score and answered, or a reason).
local function group_entry(mean, n, reason, band)
  if mean == nil then return { answered = n, reason = reason } end
  return { score = mean, answered = n, band = band and band(mean) or nil }
end

-- Gap flags: "blind spot" (self higher) or "hidden strength" (others higher).
local function gap_flag(gap, threshold)
  if gap == nil then return nil end
  if gap > 0 and gap >= threshold - EPSILON then return BLIND_SPOT end
  if gap < 0 and -gap >= threshold - EPSILON then return HIDDEN_STRENGTH end
  return nil
end

return assess.scorer {
  api = 1,
  id = "rater-groups",
  version = "1.0.0",
  title = "360° feedback by rater group",
  description = "Per rater group and all others (excluding self): dimension and item means with anonymity "
    .. "(suppress or merge small groups, never recoverable by subtraction), self-others gaps with blind "
    .. "spot and hidden strength flags, rater agreement (sd, r_wg), importance, highest and lowest items, "
    .. "and unattributed comments.",
  options = defaults,
  score = function(subject, instrument, options)
    local s = settings(options)
    local band_set = instrument.scoring.bands and instrument.bands[instrument.scoring.bands]
    local function band(score)
      if band_set == nil or score == nil then return nil end
      return stats.band(band_set, score)
    end
    local plan = plan_groups(subject, instrument)
    local no_others = #plan.others_ids == 0 and "no rater group other than self can be shown" or nil

    -- Mean of one item's scored answers over a list of responses.
    local function item_mean(item, scale, ks)
      local column = subject.answers[item.id] or {}
      local values = {}
      for _, k in ipairs(ks) do
        local v = value(column[k], item, scale)
        if v ~= nil then values[#values + 1] = v end
      end
      return mean_of(values)
    end

    local function threshold_for(scale)
      if s.relative then return s.threshold * (scale.max - scale.min) end
      return s.threshold
    end

    -- Dimensions (and their elements).
    local dimensions, top_level = {}, {}
    local function score_dimension(d)
      local items, scales = all_items(d), {}
      local common = nil
      for i, item in ipairs(items) do
        scales[i] = scale_of(instrument, item)
        if i == 1 then common = scales[i] elseif common ~= nil and scales[i].id ~= common.id then common = false end
      end
      local first_scale = scales[1]

      -- Each response's dimension mean (nil when it answered too few items).
      local response_mean = {}
      for k = 1, subject.count do
        local sum, weight, answered = 0, 0, 0
        for i, item in ipairs(items) do
          local column = subject.answers[item.id]
          local v = column and value(column[k], item, scales[i])
          if v ~= nil then
            sum = sum + v * item.weight
            weight = weight + item.weight
            answered = answered + 1
          end
        end
        if answered >= s.needed and weight > 0 then response_mean[k] = sum / weight end
      end
      local function means(ks)
        local list = {}
        for _, k in ipairs(ks) do
          if response_mean[k] ~= nil then list[#list + 1] = response_mean[k] end
        end
        return list
      end
      local too_few = ("no response answered at least %d of the %d items"):format(s.needed, #items)

      local entry = { id = d.id, stats = {}, flags = {}, groups = {} }
      for _, g in ipairs(plan.shown) do
        local m, n = mean_of(means(g.members))
        entry.groups[g.id] = group_entry(m, n, too_few, band)
      end
      local others = means(plan.others)
      local others_mean, n_others = mean_of(others)
      entry.answered = n_others
      if others_mean ~= nil then
        entry.score = others_mean
        entry.band = band(others_mean)
      else
        entry.reason = no_others or ("no other rater answered at least %d of the %d items"):format(s.needed, #items)
      end
      if not no_others then entry.groups.all_others = group_entry(others_mean, n_others, entry.reason, band) end

      -- Gap: self - all others.
      local self_mean = mean_of(means(plan.self))
      if self_mean ~= nil and others_mean ~= nil and first_scale then
        local gap = self_mean - others_mean
        entry.stats.gap = gap
        local flag = gap_flag(gap, threshold_for(first_scale))
        if flag then entry.flags[#entry.flags + 1] = flag end
      end

      -- Agreement among all others.
      local var = variance_of(others)
      if var ~= nil then
        local sd = math.sqrt(var)
        entry.stats.sd = sd
        local rwg
        if common then
          local a = scored_options(common)
          local expected = (a * a - 1) / 12
          if expected > 0 then
            rwg = math.min(1, math.max(0, 1 - var / expected))
            entry.stats.rwg = rwg
          end
        end
        if (s.sd_above and sd > s.sd_above) or (s.rwg_below and rwg ~= nil and rwg < s.rwg_below) then
          entry.flags[#entry.flags + 1] = DISAGREE
        end
      end

      -- Importance beside performance.
      if d.importance then
        local scale = scale_of(instrument, d.importance)
        local mine = item_mean(d.importance, scale, plan.self)
        local theirs = item_mean(d.importance, scale, plan.others)
        if mine ~= nil then entry.stats.importance_self = mine end
        if theirs ~= nil then entry.stats.importance_others = theirs end
      end

      dimensions[#dimensions + 1] = entry
      for _, element in ipairs(d.elements) do score_dimension(element) end
      return entry
    end
    for _, d in ipairs(instrument.dimensions) do
      top_level[#top_level + 1] = { entry = score_dimension(d), weight = d.weight }
    end

    -- Overall: the (dimension-weighted) mean of top-level dimension scores; per group likewise,
    -- over the same dimensions (those with an all_others score, or all when there is none).
    local basis = {}
    for _, t in ipairs(top_level) do
      if t.entry.score ~= nil then basis[#basis + 1] = t end
    end
    if #basis == 0 then basis = top_level end
    local function weighted(pick)
      local values, weights = {}, {}
      for _, t in ipairs(basis) do
        local v = pick(t.entry)
        if v ~= nil then values[#values + 1] = v; weights[#weights + 1] = t.weight end
      end
      return stats.weighted_mean(values, weights), #values
    end
    local overall_score, overall_n = weighted(function(e) return e.score end)
    local overall = { id = "overall", answered = overall_n, groups = {} }
    if overall_score ~= nil then
      overall.score = overall_score
      overall.band = band(overall_score)
    else
      overall.reason = no_others or "no dimension could be scored from others' responses"
    end
    local group_ids = {}
    for _, g in ipairs(plan.shown) do group_ids[#group_ids + 1] = g.id end
    if not no_others then group_ids[#group_ids + 1] = "all_others" end
    for _, gid in ipairs(group_ids) do
      local m, n = weighted(function(e) return e.groups[gid] and e.groups[gid].score end)
      overall.groups[gid] = group_entry(m, n, "no dimension could be scored", band)
    end

    -- Items.
    local items = {}
    for _, d in ipairs(instrument.dimensions) do
      for _, item in ipairs(all_items(d)) do
        local scale = scale_of(instrument, item)
        local entry = { id = item.id, stats = {}, flags = {}, groups = {} }
        for _, g in ipairs(plan.shown) do
          local m, n = item_mean(item, scale, g.members)
          entry.groups[g.id] = group_entry(m, n, "no answers")
        end
        local m, n = item_mean(item, scale, plan.others)
        entry.answered = n
        if m ~= nil then entry.score = m else entry.reason = no_others or "no answers from others" end
        if not no_others then entry.groups.all_others = group_entry(m, n, entry.reason) end
        local mine = item_mean(item, scale, plan.self)
        if mine ~= nil and m ~= nil then
          entry.stats.gap = mine - m
          local flag = gap_flag(entry.stats.gap, threshold_for(scale))
          if flag then entry.flags[#entry.flags + 1] = flag end
        end
        entry.order = #items + 1
        items[#items + 1] = entry
      end
    end

    -- Highest and lowest items by all others' mean; ties in instrument order.
    local ranked = {}
    for _, entry in ipairs(items) do
      if entry.score ~= nil then ranked[#ranked + 1] = entry end
    end
    local function pick(higher)
      local list = {}
      for i, e in ipairs(ranked) do list[i] = e end
      table.sort(list, function(a, b)
        if a.score ~= b.score then
          if higher then return a.score > b.score end
          return a.score < b.score
        end
        return a.order < b.order
      end)
      local out = {}
      for i = 1, math.min(s.highest_lowest, #list) do out[i] = { item = list[i].id, mean = list[i].score } end
      return out
    end
    local highest, lowest = pick(true), pick(false)
    for _, entry in ipairs(items) do entry.order = nil end

    -- Comments: per comment question and shown group, verbatim, sorted by bytes.
    local comments = {}
    for _, id in ipairs(instrument.comments) do
      local column = subject.answers[id] or {}
      for _, g in ipairs(plan.shown) do
        local texts = {}
        for _, k in ipairs(g.members) do
          if type(column[k]) == "string" then texts[#texts + 1] = column[k] end
        end
        if #texts > 0 then
          table.sort(texts, bytes_before)
          comments[#comments + 1] = { item = id, group = g.id, texts = texts }
        end
      end
    end

    -- The groups, as a report may describe them: counts only for shown groups.
    local described = {}
    for _, g in ipairs(plan.groups) do
      local d = { id = g.id, label = g.label, shown = g.shown }
      if g.self then d.self = true end
      if g.shown then d.responses = #g.members else d.reason = g.reason end
      if g.merged_into then d.merged_into = g.merged_into end
      if #g.merged_from > 0 then d.merged_from = g.merged_from end
      described[#described + 1] = d
    end

    -- The host writes an empty Lua table as a JSON object ({}), so an empty list is left out
    -- rather than written as something that is not a list.
    local function list(t) if #t > 0 then return t end return nil end
    return {
      dimensions = dimensions,
      overall = overall,
      items = items,
      extra = {
        groups = described,
        all_others = { groups = list(plan.others_ids), responses = #plan.others },
        highest = list(highest),
        lowest = list(lowest),
        comments = list(comments),
      },
    }
  end,
}
