-- The content of a self-assessment report as a view for the templates: domain (dimension) totals
-- with their elements, a colour band per statement, and flags such as a board domain with a
-- significant gap. self-assessment-html and self-assessment-markdown render this same view.
local M = {}
local format = assess.format

local function number(x, decimals)
  if x == nil then return "–" end
  return format.number(x, decimals)
end

local function index_by_id(list)
  local out = {}
  for _, v in ipairs(list or {}) do out[v.id] = v end
  return out
end

-- Only a hex colour or a plain colour name reaches the page (a colour is put into CSS).
local function safe_colour(colour)
  if type(colour) ~= "string" then return nil end
  if colour:match("^#%x%x%x$") or colour:match("^#%x%x%x%x%x%x$") or colour:match("^%a+$") then return colour end
  return nil
end

local function band_info(instrument, label)
  if label == nil then return nil end
  for _, set in pairs(instrument.bands) do
    for _, b in ipairs(set) do
      if b.label == label then return { label = label, colour = safe_colour(b.colour) } end
    end
  end
  return { label = label }
end

local function answer_label(scale, value)
  if scale == nil or value == nil then return nil end
  for _, o in ipairs(scale.options) do
    if o.value == value then return o.label end
  end
  return nil
end

--- Builds the view for one subject's self-assessment.
function M.build(result, instrument, ctx)
  local decimals = ctx.options.decimals or 2
  -- Totals (aggregate = "sum") are whole numbers: shown without decimals when they are.
  local sums = (ctx.provenance.options or {}).aggregate == "sum"
  local function score_text(x)
    if sums and x ~= nil and x == math.floor(x) then return number(x, 0) end
    return number(x, decimals)
  end
  local scores = index_by_id(result.dimensions)
  local item_scores = index_by_id(result.items)
  local default_scale = instrument.scales[instrument.default_scale]

  local flagged = {}
  local function entry_view(d, depth)
    local e = scores[d.id] or {}
    local flags = {}
    for _, f in ipairs(e.flags or {}) do flags[#flags + 1] = { text = f } end
    if #flags > 0 then flagged[#flagged + 1] = { title = d.title, flags = table.concat(e.flags, "; ") } end
    local band = band_info(instrument, e.band)
    local statements = {}
    for _, item in ipairs(d.items) do
      local s = item_scores[item.id]
      local scale = instrument.scales[item.scale] or default_scale
      local ib = s and band_info(instrument, s.band)
      -- Absent values are false, not nil, so Mustache does not show the domain's band here.
      statements[#statements + 1] = {
        text = item.text, reverse = item.reverse == true,
        answer = s and s.score and (answer_label(scale, s.score) or number(s.score, decimals)) or "not answered",
        band = (ib and ib.label) or false, colour = (ib and ib.colour) or false,
      }
    end
    local mean = e.stats and e.stats.mean
    return {
      id = d.id, title = d.title, description = d.description or false, depth = depth, element = depth > 1,
      score = score_text(e.score), mean = number(mean, decimals),
      answered = e.answered or false, items = (e.stats and e.stats.items) or false, reason = e.reason or false,
      no_score = e.score == nil, differs = mean ~= nil and e.score ~= nil and mean ~= e.score,
      band = (band and band.label) or false, colour = (band and band.colour) or false, flags = flags, has_flags = #flags > 0,
      flags_text = table.concat(e.flags or {}, "; "),
      statements = statements, has_statements = #statements > 0,
    }
  end

  local rows, sections = {}, {}
  for _, d in ipairs(instrument.dimensions) do
    local top = entry_view(d, 1)
    rows[#rows + 1] = top
    local elements = {}
    for _, el in ipairs(d.elements) do
      local v = entry_view(el, 2)
      rows[#rows + 1] = v
      elements[#elements + 1] = v
    end
    top.elements = elements
    top.has_elements = #elements > 0
    sections[#sections + 1] = top
  end

  -- A chart of the top-level dimensions by mean rating per statement.
  local chart
  local chart_rows = {}
  for _, d in ipairs(instrument.dimensions) do
    local e = scores[d.id]
    if e then
      local value = (e.stats and e.stats.mean) or e.score
      chart_rows[#chart_rows + 1] = { id = d.id, label = d.title, value = value, markers = {} }
    end
  end
  if #chart_rows > 0 and default_scale and default_scale.max > default_scale.min then
    local ticks = {}
    for _, o in ipairs(default_scale.options) do
      if not o.na then ticks[#ticks + 1] = { value = o.value, label = o.label } end
    end
    chart = assess.chart.bars {
      id = "domains", title = "Mean rating per statement in each " .. (ctx.options.dimension_word or "domain"),
      description = "Each bar is the mean of the answered statements in that domain, on the rating scale.",
      min = default_scale.min, max = default_scale.max, ticks = ticks, value_label = "Mean rating",
      series = {}, rows = chart_rows, decimals = decimals, row_heading = "Domain",
    }
  end

  local scale_rows = {}
  for _, o in ipairs(default_scale and default_scale.options or {}) do
    scale_rows[#scale_rows + 1] = { label = o.label, value = o.na and "not counted" or number(o.value, 0) }
  end
  local band_rows = {}
  local set = instrument.scoring.bands and instrument.bands[instrument.scoring.bands] or {}
  for i, b in ipairs(set) do
    local upper = set[i + 1] and (" to below " .. number(set[i + 1].from, decimals)) or " and above"
    band_rows[#band_rows + 1] = { label = b.label, colour = safe_colour(b.colour), range = "from " .. number(b.from, decimals) .. upper }
  end

  local show_mean = false
  for _, r in ipairs(rows) do show_mean = show_mean or r.differs end
  local overall = result.overall
  local headings = { self = "Self-assessment for", team = "Team results for", organisation = "Results for" }
  return {
    heading = headings[instrument.kind] or "Results for",
    responses = (instrument.kind ~= "self" and (result.responses or result.extra.responses))
      and format.plural(result.responses or result.extra.responses, "response") or false,
    withheld = result.extra.withheld or false,
    show_mean = show_mean,
    item_scores = #result.items > 0,
    organisation = ctx.options.organisation ~= "" and ctx.options.organisation or nil,
    instrument = { title = instrument.title, version = instrument.version, description = instrument.description,
                   framework = instrument.framework and instrument.framework.name },
    subject = result.subject,
    date = format.date(ctx.date, "long"),
    reporter = ctx.reporter,
    rows = rows,
    sections = sections,
    chart = chart,
    overall = overall and { score = number(overall.score, decimals), band = overall.band or false, reason = overall.reason or false } or false,
    flagged = flagged,
    has_flagged = #flagged > 0,
    judgement_flags = ctx.options.judgement ~= false,
    scale = scale_rows,
    bands = band_rows,
    has_bands = #band_rows > 0,
    provenance = {
      scorer = ctx.provenance.scorer .. " " .. ctx.provenance.scorer_version,
      scorer_hash = ctx.provenance.scorer_hash:sub(1, 19),
      instrument_hash = ctx.provenance.instrument_hash:sub(1, 19),
      toolkit = ctx.provenance.toolkit_version,
    },
  }
end

return M
