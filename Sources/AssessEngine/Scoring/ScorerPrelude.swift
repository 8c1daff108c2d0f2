/// The Lua half of the scorer API: `assess.scorer` and `assess.stats`, run once in each scoring
/// sandbox. Written in Lua because they run once per subject and a host call would cost more.
enum ScorerPrelude {
    static let source = #"""
    local item_sums, response_sums, response_means = ...
    local type, pairs, ipairs, error, math_sqrt = type, pairs, ipairs, error, math.sqrt

    local M = {}

    --- Declares a scorer plugin; a scorer script returns its result.
    function M.scorer(spec)
      if type(spec) ~= "table" then error("assess.scorer expects a table: assess.scorer { api = 1, id = ..., score = function(subject, instrument, options) ... end }", 2) end
      if spec.api == nil then error("the scorer does not declare its API version: add api = 1", 2) end
      if spec.api ~= 1 then error("api = " .. tostring(spec.api) .. " is not supported: this AssessKit supports api = 1", 2) end
      if type(spec.score) ~= "function" then error("the scorer needs score = function(subject, instrument, options) ... end", 2) end
      if spec.prepare ~= nil and type(spec.prepare) ~= "function" then error("prepare must be a function(instrument, options) returning what score gets as its fourth argument", 2) end
      spec.__type = "scorer"
      return spec
    end

    --- Declares a cohort plugin: summarise(subjects, instrument, options) runs once over every
    --- subject's scores.
    function M.cohort(spec)
      if type(spec) ~= "table" then error("assess.cohort expects a table: assess.cohort { api = 1, id = ..., summarise = function(subjects, instrument, options) ... end }", 2) end
      if spec.api == nil then error("the cohort plugin does not declare its API version: add api = 1", 2) end
      if spec.api ~= 1 then error("api = " .. tostring(spec.api) .. " is not supported: this AssessKit supports api = 1", 2) end
      if type(spec.summarise) ~= "function" then error("the cohort plugin needs summarise = function(subjects, instrument, options) ... end", 2) end
      spec.__type = "cohort"
      return spec
    end

    local stats = {}

    --- The numbers in a list (answers that are not numbers, such as "na" or false, are skipped).
    function stats.numbers(values)
      local out, n = {}, 0
      for i = 1, #values do
        local v = values[i]
        if type(v) == "number" then n = n + 1; out[n] = v end
      end
      return out
    end

    --- Sum and count of the numbers in a list.
    function stats.sum(values)
      local s, n = 0, 0
      for i = 1, #values do
        local v = values[i]
        if type(v) == "number" then s = s + v; n = n + 1 end
      end
      return s, n
    end

    --- Mean of the numbers in a list, and how many there were (nil when none).
    function stats.mean(values)
      local s, n = stats.sum(values)
      if n == 0 then return nil, 0 end
      return s / n, n
    end

    --- Sample standard deviation of the numbers in a list (nil for fewer than two).
    function stats.sd(values)
      local mean, n = stats.mean(values)
      if n < 2 then return nil, n end
      local ss = 0
      for i = 1, #values do
        local v = values[i]
        if type(v) == "number" then ss = ss + (v - mean) ^ 2 end
      end
      return math_sqrt(ss / (n - 1)), n
    end

    --- Weighted mean of parallel lists of values and weights (non-numbers skipped).
    function stats.weighted_mean(values, weights)
      local s, w = 0, 0
      for i = 1, #values do
        local v = values[i]
        if type(v) == "number" then s = s + v * (weights[i] or 1); w = w + (weights[i] or 1) end
      end
      if w == 0 then return nil end
      return s / w
    end

    --- The band label for a score: the last band whose `from` the score reaches.
    function stats.band(bands, score)
      if bands == nil or score == nil then return nil end
      local label
      for _, band in ipairs(bands) do
        if score >= band.from then label = band.label end
      end
      return label
    end

    --- Over the items of response k that hold a number: sum, answered, weighted sum, weight total,
    --- and whether any counted item has a weight other than 1. Each value is reverse-keyed on its
    --- scale when the item says so, then mapped by its value map (or the map `value_map` names).
    --- A host kernel over subject.packed: `items` are the instrument's item tables.
    stats.item_sums = item_sums

    --- item_sums for every response at once: fills sums[k], counts[k] (answered) and means[k]
    --- (weighted sum / weight total; sum / answered when every weight is 1) for k = 1..subject.count,
    --- in plain lists the caller gives (and may reuse); returns the number of responses and of items.
    stats.response_sums = response_sums

    --- A scale's score over every response at once: returns score, included, answered, short,
    --- last_sum, last_mean, count. A response counts when at least max(minimum, 1) of its items hold
    --- a number, and gives its mean (weighted when items carry weights), its sum, or its mean times
    --- the number of items (aggregate "mean", "sum" or "prorated"); score is the mean of those values,
    --- summed in response order (nil when no response counts); included how many counted; answered
    --- the answered items over all responses; short the answered count of the last response that did
    --- not count (nil when none); last_sum and last_mean those of the last response that counted.
    stats.response_means = response_means

    M.stats = stats
    return M
    """#
}
