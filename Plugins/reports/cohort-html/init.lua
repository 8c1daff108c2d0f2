-- cohort-html: an organisation's view across subjects: how each dimension is distributed,
-- the cohort's strengths and development themes, band counts and rater-group means. It never
-- shows a set smaller than the instrument's anonymity minimum: such sets read "fewer than N".
local format = assess.format

local function number(x, decimals)
  if x == nil then return "–" end
  return format.number(x, decimals)
end

local function headline(entry)
  if entry == nil then return nil end
  if entry.groups and entry.groups.all_others then return entry.groups.all_others.score end
  return entry.score
end

local function has_flag(entry, flag)
  for _, f in ipairs(entry and entry.flags or {}) do if f == flag then return true end end
  return false
end

local function build(all, instrument, ctx)
  local decimals = ctx.options.decimals or 2
  local minimum = ctx.anonymity_minimum
  local summary = all.summary or {}
  local by_dimension = {}
  for _, d in ipairs(summary.dimensions or {}) do by_dimension[d.id] = d end
  local scale = instrument.scales[instrument.default_scale]
  local enough = #all.subjects >= minimum

  local rows, strip_rows, ranked = {}, {}, {}
  for _, d in ipairs(instrument.dimensions) do
    local values, blind, hidden = {}, 0, 0
    for _, s in ipairs(all.subjects) do
      for _, e in ipairs(s.dimensions) do
        if e.id == d.id then
          local v = headline(e)
          if v ~= nil then values[#values + 1] = v end
          if has_flag(e, "blind spot") then blind = blind + 1 end
          if has_flag(e, "hidden strength") then hidden = hidden + 1 end
        end
      end
    end
    table.sort(values)
    local shown = enough and #values >= minimum
    local sd = by_dimension[d.id] or {}
    local function count(n)
      if not shown then return "–" end
      if n == 0 then return "none" end
      if n < minimum then return "fewer than " .. minimum end
      return tostring(n)
    end
    local bands = {}
    for _, b in ipairs(sd.bands or {}) do
      bands[#bands + 1] = { label = b.label, count = shown and (b.count and tostring(b.count) or b.count_note) or "–" }
    end
    local groups = {}
    for _, g in ipairs(instrument.raters) do
      local figures = sd.groups and sd.groups[g.id]
      if figures and shown then groups[#groups + 1] = { label = g.label, mean = number(figures.mean, decimals), n = figures.n } end
    end
    rows[#rows + 1] = {
      id = d.id, title = d.title, shown = shown, n = #values,
      mean = shown and number(sd.mean, decimals) or "–", median = shown and number(sd.median, decimals) or "–",
      iqr = shown and (number(sd.p25, decimals) .. "–" .. number(sd.p75, decimals)) or "–",
      range = shown and (number(sd.min, decimals) .. "–" .. number(sd.max, decimals)) or "–",
      blind = count(blind), hidden = count(hidden), bands = bands, groups = groups, has_groups = #groups > 0,
    }
    strip_rows[#strip_rows + 1] = { id = d.id, label = d.title, values = shown and values or {} }
    if shown and sd.mean then ranked[#ranked + 1] = { title = d.title, mean = sd.mean } end
  end
  table.sort(ranked, function(a, b) return a.mean > b.mean end)
  local strengths, themes = {}, {}
  local k = math.min(ctx.options.themes or 3, math.floor(#ranked / 2))
  for i = 1, k do strengths[#strengths + 1] = { title = ranked[i].title, mean = number(ranked[i].mean, decimals) } end
  for i = #ranked, #ranked - k + 1, -1 do themes[#themes + 1] = { title = ranked[i].title, mean = number(ranked[i].mean, decimals) } end

  local strip
  if enough and scale and scale.max > scale.min and #strip_rows > 0 then
    local ticks = {}
    for _, o in ipairs(scale.options) do if not o.na then ticks[#ticks + 1] = { value = o.value, label = o.label } end end
    local band_list = instrument.scoring.bands and instrument.bands[instrument.scoring.bands] or {}
    local bands = {}
    for _, b in ipairs(band_list) do
      if b.from >= scale.min and b.from <= scale.max then bands[#bands + 1] = { from = b.from, label = b.label } end
    end
    strip = assess.chart.strip {
      id = "cohort", title = "How each dimension is spread across the cohort",
      description = "One dot per person (the mean of their raters other than self, or their own score); the box marks the middle half.",
      min = scale.min, max = scale.max, ticks = ticks, bands = bands, rows = strip_rows, decimals = decimals,
    }
  end
  return {
    instrument = { title = instrument.title, version = instrument.version },
    organisation = ctx.options.organisation ~= "" and ctx.options.organisation or false,
    date = format.date(ctx.date, "long"),
    subjects = #all.subjects, enough = enough, minimum = minimum,
    rows = rows, strip = strip or false,
    strengths = strengths, themes = themes, has_themes = #strengths > 0,
    is360 = instrument.kind == "360",
    reporter = ctx.reporter,
    provenance = { scorer = ctx.provenance.scorer .. " " .. ctx.provenance.scorer_version, toolkit = ctx.provenance.toolkit_version },
  }
end

return assess.reporter {
  api = 1,
  id = "cohort-html",
  version = "1.0.0",
  title = "Cohort report (HTML)",
  description = "Distributions by dimension, strengths and development themes across a cohort, never showing a set below the anonymity minimum.",
  scope = "cohort",
  formats = { "html" },
  options = { decimals = 2, themes = 3, organisation = "" },
  view = build,
  render = function(all, instrument, ctx)
    local v = ctx.hook("prepare", build(all, instrument, ctx), build(all, instrument, ctx), all, instrument, ctx)
    ctx.write(ctx.file_name(instrument.id .. "-cohort", "html"), ctx.render("cohort.html", v))
  end,
}
