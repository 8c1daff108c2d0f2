-- cohort: an organisation's view across subjects, computed from every subject's scores after
-- scoring (it runs once, not per subject).
--
-- For each dimension (elements included, then "overall"): how many subjects have a score, the
-- mean, sample standard deviation, minimum, quartiles (linear interpolation between order
-- statistics: the 25th percentile of n sorted values is at position 1 + 0.25 (n - 1)), median and
-- maximum; how many subjects fell in each band of the instrument's scoring bands; and, for 360°
-- scores, the same figures per rater group (from each subject's shown groups). Each subject's
-- percentile rank within the cohort per dimension: the share of cohort scores below it plus half
-- of those equal to it, in percent.
--
-- Anonymity: nothing is shown for a set of fewer than the instrument's anonymity minimum (the whole
-- cohort, a dimension's scores, a rater group's scores): it says "fewer than N" instead. A band
-- with fewer than N subjects in it gives no count either, only "fewer than N".

local function sorted_copy(values)
  local copy = {}
  for i, v in ipairs(values) do copy[i] = v end
  table.sort(copy)
  return copy
end

local function quantile(sorted, q)
  local n = #sorted
  local h = (n - 1) * q + 1
  local lo = math.floor(h)
  local hi = math.min(lo + 1, n)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
end

local function percentile_rank(sorted, x)
  local below, equal = 0, 0
  for _, v in ipairs(sorted) do
    if v < x then below = below + 1 elseif v == x then equal = equal + 1 end
  end
  return (below + equal / 2) / #sorted * 100
end

-- The distribution of a list of scores, or a "fewer than" note.
local function describe(values, minimum)
  if #values < minimum then return { n_note = ("fewer than %d"):format(minimum) } end
  local sorted = sorted_copy(values)
  local mean = assess.stats.mean(values)
  return {
    n = #values, mean = mean, sd = assess.stats.sd(values), min = sorted[1],
    p25 = quantile(sorted, 0.25), median = quantile(sorted, 0.5), p75 = quantile(sorted, 0.75), max = sorted[#sorted],
  }
end

local function dimension_ids(instrument)
  local ids = {}
  local function visit(d)
    ids[#ids + 1] = d.id
    for _, e in ipairs(d.elements) do visit(e) end
  end
  for _, d in ipairs(instrument.dimensions) do visit(d) end
  ids[#ids + 1] = "overall"
  return ids
end

return assess.cohort {
  api = 1,
  id = "cohort",
  version = "1.0.0",
  description = "Distributions, band counts, rater-group figures and percentile ranks across a cohort, "
    .. "never showing a set smaller than the anonymity minimum.",
  summarise = function(subjects, instrument, options)
    local minimum = instrument.anonymity.minimum
    local summary = { subjects = #subjects, anonymity_minimum = minimum }
    if #subjects < minimum then
      summary.note = ("fewer than %d subjects: nothing is shown"):format(minimum)
      return summary
    end
    local bands = instrument.scoring.bands and instrument.bands[instrument.scoring.bands]
    local dimensions, sorted_by_id = {}, {}
    for _, id in ipairs(dimension_ids(instrument)) do
      local values, by_group, band_counts = {}, {}, {}
      for _, s in ipairs(subjects) do
        local entry = id == "overall" and s.overall or s.dimensions[id]
        if entry and entry.score then
          values[#values + 1] = entry.score
          if entry.band then band_counts[entry.band] = (band_counts[entry.band] or 0) + 1 end
          for group, g in pairs(entry.groups or {}) do
            if g.score then
              by_group[group] = by_group[group] or {}
              table.insert(by_group[group], g.score)
            end
          end
        end
      end
      local result = describe(values, minimum)
      result.id = id
      if result.n then
        sorted_by_id[id] = sorted_copy(values)
        if bands then
          result.bands = {}
          for _, band in ipairs(bands) do
            local count = band_counts[band.label] or 0
            table.insert(result.bands, count >= minimum and { label = band.label, count = count }
                                       or { label = band.label, count_note = ("fewer than %d"):format(minimum) })
          end
        end
        local groups = {}
        for group, group_values in pairs(by_group) do groups[group] = describe(group_values, minimum) end
        if next(groups) then result.groups = groups end
      end
      dimensions[#dimensions + 1] = result
    end
    summary.dimensions = dimensions
    local percentiles = {}
    for _, s in ipairs(subjects) do
      local ranks = {}
      for id, sorted in pairs(sorted_by_id) do
        local entry = id == "overall" and s.overall or s.dimensions[id]
        if entry and entry.score then ranks[id] = percentile_rank(sorted, entry.score) end
      end
      percentiles[#percentiles + 1] = { subject = s.subject, percentiles = ranks }
    end
    summary.percentiles = percentiles
    return summary
  end,
}
