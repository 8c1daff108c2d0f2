-- The content of an individual 360° feedback report, as a view for the templates: what is shown
-- and in which order, with every number formatted. feedback-html and feedback-markdown (which
-- extends it) render this same view, so the two always say the same thing.
--
-- Anonymity: the view shows only what the scorer released. Groups the scorer suppressed appear
-- as "fewer than N responses" with no figures; comments come only from groups that are shown.
local M = {}

local format = assess.format

--- A score with the report's decimals, or an en dash when there is none.
local function number(x, decimals)
  if x == nil then return "–" end
  return format.number(x, decimals)
end

local function signed(x, decimals)
  if x == nil then return "–" end
  local text = format.number(x, decimals)
  if x > 0 then text = "+" .. text end
  return text
end

local function index_by_id(list)
  local out = {}
  for _, v in ipairs(list or {}) do out[v.id] = v end
  return out
end

local function has_flag(entry, flag)
  for _, f in ipairs(entry.flags or {}) do
    if f == flag then return true end
  end
  return false
end

--- The rater groups in instrument order, with what the report may say of each.
local function groups(result, instrument, ctx)
  local released = index_by_id(result.extra.groups)
  local out = {}
  for _, g in ipairs(instrument.raters) do
    local r = released[g.id]
    if r ~= nil then
      local count
      if r.shown and r.responses then
        count = format.plural(r.responses, "response")
      else
        count = r.reason or ("fewer than " .. g.min .. " responses")
      end
      out[#out + 1] = { id = g.id, label = g.label, self = g.self, shown = r.shown == true, count = count,
                        merged_into = r.merged_into }
    end
  end
  return out
end

--- Series for the charts: self, then all others, then each shown group.
local function series(group_list)
  local out = {}
  for _, g in ipairs(group_list) do
    if g.self and g.shown then out[#out + 1] = { id = g.id, label = g.label } end
  end
  out[#out + 1] = { id = "all_others", label = "All others" }
  for _, g in ipairs(group_list) do
    if not g.self and g.shown then out[#out + 1] = { id = g.id, label = g.label } end
  end
  return out
end

local function scale_of(instrument)
  return instrument.scales[instrument.default_scale]
end

local function ticks(scale)
  local out = {}
  for _, o in ipairs(scale.options) do
    if not o.na then out[#out + 1] = { value = o.value, label = o.label } end
  end
  return out
end

local function band_set(instrument)
  local id = instrument.scoring.bands
  return id and instrument.bands[id] or {}
end

--- Builds the whole view for one subject.
--- @param result table the subject's scores
--- @param instrument table the instrument
--- @param ctx table the report context
function M.build(result, instrument, ctx)
  local decimals = ctx.options.decimals or 2
  local scale = scale_of(instrument)
  local group_list = groups(result, instrument, ctx)
  local chart_series = series(group_list)
  -- Bars show all others; markers show self and each group.
  local marker_series = {}
  for _, s in ipairs(chart_series) do
    if s.id ~= "all_others" then marker_series[#marker_series + 1] = s end
  end
  local items_by_id, item_dimension = {}, {}
  local dims_by_id = index_by_id(instrument.dimensions)
  for _, d in ipairs(instrument.dimensions) do
    for _, item in ipairs(d.items) do items_by_id[item.id] = item; item_dimension[item.id] = d end
  end
  local scores_by_item = index_by_id(result.items)
  local minimum = ctx.anonymity_minimum
  local gap_options = (ctx.provenance.options or {}).gap or {}

  -- Summary: one row per dimension.
  local summary, radar_axes, radar_values = {}, {}, {}
  for _, s in ipairs(chart_series) do radar_values[s.id] = {} end
  local dimensions = {}
  for index, entry in ipairs(result.dimensions) do
    local d = dims_by_id[entry.id]
    if d ~= nil then
      local self_score = entry.groups.self and entry.groups.self.score
      local others = entry.groups.all_others and entry.groups.all_others.score
      radar_axes[#radar_axes + 1] = { id = d.id, label = d.title }
      for _, s in ipairs(chart_series) do
        local g = entry.groups[s.id]
        radar_values[s.id][d.id] = g and g.score
      end
      local flags = {}
      for _, f in ipairs(entry.flags) do flags[#flags + 1] = { text = f } end
      summary[#summary + 1] = {
        id = d.id, title = d.title, self = number(self_score, decimals), others = number(others, decimals),
        band = entry.band or "–", gap = signed(entry.stats.gap, decimals), flags = flags, has_flags = #flags > 0,
        flags_text = table.concat(entry.flags, "; "),
      }

      -- The dimension's page.
      local markers, group_rows = {}, {}
      for _, s in ipairs(chart_series) do
        local g = entry.groups[s.id]
        markers[s.id] = g and g.score
        group_rows[#group_rows + 1] = { label = s.label, score = number(g and g.score, decimals),
                                        band = (g and g.band) or "–", reason = (g and g.reason) or false }
      end
      local item_rows = {}
      local bar_rows = {}
      local gap_items = {}
      for _, item in ipairs(d.items) do
        local score = scores_by_item[item.id]
        if score ~= nil then
          local item_markers = {}
          for _, s in ipairs(chart_series) do
            local g = score.groups[s.id]
            item_markers[s.id] = g and g.score
          end
          bar_rows[#bar_rows + 1] = { id = item.id, label = item.text, value = score.groups.all_others and score.groups.all_others.score,
                                      markers = item_markers }
          gap_items[#gap_items + 1] = {
            label = item.text, self = score.groups.self and score.groups.self.score,
            others = score.groups.all_others and score.groups.all_others.score,
            flag = has_flag(score, "blind spot") and "blind spot" or (has_flag(score, "hidden strength") and "hidden strength" or nil),
          }
          local iflags = {}
          for _, f in ipairs(score.flags) do iflags[#iflags + 1] = { text = f } end
          item_rows[#item_rows + 1] = {
            text = item.text, reverse = item.reverse == true,
            self = number(score.groups.self and score.groups.self.score, decimals),
            others = number(score.groups.all_others and score.groups.all_others.score, decimals),
            gap = signed(score.stats.gap, decimals), flags = iflags, has_flags = #iflags > 0,
            flags_text = table.concat(score.flags, "; "),
          }
        end
      end
      local agreement
      if entry.stats.sd ~= nil then
        agreement = {
          sd = number(entry.stats.sd, decimals), rwg = number(entry.stats.rwg, decimals),
          disagree = has_flag(entry, "raters disagree"),
        }
      end
      local gap_text
      if has_flag(entry, "blind spot") then
        gap_text = "You rated yourself higher than others did (" .. signed(entry.stats.gap, decimals)
          .. "): a possible blind spot to explore."
      elseif has_flag(entry, "hidden strength") then
        gap_text = "Others rated you higher than you rated yourself (" .. signed(entry.stats.gap, decimals)
          .. "): a possible hidden strength."
      elseif entry.stats.gap ~= nil then
        gap_text = "Your view and others' views are close (" .. signed(entry.stats.gap, decimals) .. ")."
      end
      local importance
      if entry.stats.importance_others ~= nil or entry.stats.importance_self ~= nil then
        importance = { self = number(entry.stats.importance_self, decimals), others = number(entry.stats.importance_others, decimals) }
      end
      local level_text = entry.band and d.levels[entry.band]
      local prompts = {}
      for _, p in ipairs(d.prompts) do prompts[#prompts + 1] = { text = p } end
      -- Absent values are false, not nil: Mustache would otherwise find a same-named value
      -- further out (the report's own `importance` list, say) and show it here.
      dimensions[#dimensions + 1] = {
        number = index, id = d.id, title = d.title, description = d.description or false,
        score = number(others or entry.score, decimals), band = entry.band or false, level_text = level_text or false,
        reason = entry.reason or false, no_score = entry.score == nil,
        groups = group_rows, items = item_rows, gap_text = gap_text or false, agreement = agreement or false,
        importance = importance or false,
        prompts = prompts, has_prompts = #prompts > 0,
        chart = assess.chart.bars {
          id = "dim-" .. d.id,
          title = d.title .. ": each item, all others and each group",
          description = "Bars show the mean of all raters other than self for each item; markers show each group's mean.",
          min = scale.min, max = scale.max, ticks = ticks(scale), bands = band_set(instrument),
          value_label = "All others", series = marker_series, rows = bar_rows, decimals = decimals,
        },
        gap_chart = (entry.groups.self and entry.groups.self.score and #gap_items > 0) and assess.chart.gap {
          id = "gap-" .. d.id,
          title = d.title .. ": self compared with all others, statement by statement",
          description = "Bars to the right: you rated yourself higher than others did; to the left: lower.",
          min = scale.min, max = scale.max, threshold = gap_options.threshold, rows = gap_items, decimals = decimals,
        } or false,
      }
    end
  end

  -- Highest and lowest items, by others' mean.
  local function item_list(list)
    local out = {}
    for _, h in ipairs(list or {}) do
      local item = items_by_id[h.item]
      if item then
        out[#out + 1] = { text = item.text, dimension = item_dimension[h.item].title, score = number(h.mean, decimals) }
      end
    end
    return out
  end

  -- Importance against performance: where to focus.
  local importance_rows = {}
  local importance_scale = instrument.scales["importance4"]
  for _, entry in ipairs(result.dimensions) do
    local d = dims_by_id[entry.id]
    local imp = entry.stats.importance_others
    local perf = entry.groups.all_others and entry.groups.all_others.score
    if d and imp ~= nil and perf ~= nil then
      local imp_scale = (d.importance and instrument.scales[d.importance.scale]) or importance_scale or scale
      local imp_high = imp >= (imp_scale.min + imp_scale.max) / 2
      local perf_high = perf >= (scale.min + scale.max) / 2
      local quadrant
      if imp_high and not perf_high then quadrant = "Focus here: important to the role, seen less often"
      elseif imp_high and perf_high then quadrant = "Keep doing: important to the role, seen often"
      elseif perf_high then quadrant = "Strength to share: seen often, less central to the role"
      else quadrant = "Lower priority: less central to the role" end
      importance_rows[#importance_rows + 1] = { title = d.title, importance = number(imp, decimals),
                                                performance = number(perf, decimals), quadrant = quadrant }
    end
  end

  -- Where raters disagree.
  local disagreement = {}
  for _, entry in ipairs(result.dimensions) do
    local d = dims_by_id[entry.id]
    if d and has_flag(entry, "raters disagree") then
      disagreement[#disagreement + 1] = { title = d.title, sd = number(entry.stats.sd, decimals), rwg = number(entry.stats.rwg, decimals) }
    end
  end

  -- Comments, verbatim, by question then group; only groups the scorer released.
  local questions = {}
  local comment_text = index_by_id(instrument.comments)
  local group_label = {}
  for _, g in ipairs(instrument.raters) do group_label[g.id] = g.label end
  local by_question, order = {}, {}
  for _, c in ipairs(result.extra.comments or {}) do
    if by_question[c.item] == nil then
      by_question[c.item] = {}
      order[#order + 1] = c.item
    end
    local texts = {}
    for _, t in ipairs(c.texts) do texts[#texts + 1] = { text = t } end
    table.insert(by_question[c.item], { group = group_label[c.group] or c.group, texts = texts })
  end
  for _, q in ipairs(instrument.comments) do
    if by_question[q.id] then questions[#questions + 1] = { question = q.text, groups = by_question[q.id] } end
  end

  -- Development planning: the dimensions others rated lowest, and any blind spots.
  local ranked = {}
  for _, entry in ipairs(result.dimensions) do
    local perf = entry.groups.all_others and entry.groups.all_others.score
    if perf ~= nil and dims_by_id[entry.id] then ranked[#ranked + 1] = { entry = entry, perf = perf } end
  end
  table.sort(ranked, function(a, b) return a.perf < b.perf end)
  local development = {}
  local wanted = ctx.options.development_areas or 3
  for i = 1, math.min(wanted, #ranked) do
    local d = dims_by_id[ranked[i].entry.id]
    local prompts = {}
    for _, p in ipairs(d.prompts) do prompts[#prompts + 1] = { text = p } end
    development[#development + 1] = { title = d.title, score = number(ranked[i].perf, decimals),
                                      blind_spot = has_flag(ranked[i].entry, "blind spot"), prompts = prompts,
                                      has_prompts = #prompts > 0 }
  end

  -- The appendix: how to read the report.
  local scale_rows = {}
  for _, o in ipairs(scale.options) do
    scale_rows[#scale_rows + 1] = { label = o.label, value = o.na and "not counted" or number(o.value, 0) }
  end
  local band_rows = {}
  local bands = band_set(instrument)
  for i, b in ipairs(bands) do
    local upper = bands[i + 1] and ("below " .. number(bands[i + 1].from, decimals)) or ("up to " .. number(scale.max, decimals))
    band_rows[#band_rows + 1] = { label = b.label, range = "from " .. number(b.from, decimals) .. ", " .. upper }
  end
  local always_shown = {}
  for _, g in ipairs(instrument.raters) do
    if g.always_show and not g.self then always_shown[#always_shown + 1] = g.label end
  end
  local threshold = gap_options.threshold and number(gap_options.threshold, decimals)
    or (gap_options.fraction and format.percent(gap_options.fraction) .. " of the scale range")

  local radar = assess.chart.radar {
    id = "summary",
    title = "Summary: each dimension by rater group",
    description = "Each axis is a dimension; each line joins one group's means. Suppressed groups are not drawn.",
    min = scale.min, max = scale.max, ticks = ticks(scale), axes = radar_axes,
    series = (function()
      local out = {}
      for _, s in ipairs(chart_series) do out[#out + 1] = { id = s.id, label = s.label, values = radar_values[s.id] } end
      return out
    end)(),
    decimals = decimals,
  }
  local gap_rows = {}
  for _, entry in ipairs(result.dimensions) do
    local d = dims_by_id[entry.id]
    if d then
      local flag = has_flag(entry, "blind spot") and "blind spot" or (has_flag(entry, "hidden strength") and "hidden strength" or nil)
      gap_rows[#gap_rows + 1] = { id = d.id, label = d.title, self = entry.groups.self and entry.groups.self.score,
                                  others = entry.groups.all_others and entry.groups.all_others.score, flag = flag }
    end
  end
  local gap_chart = assess.chart.gap {
    id = "gaps",
    title = "Self compared with all others",
    description = "Bars to the right: you rated yourself higher than others did; to the left: lower.",
    min = scale.min, max = scale.max, threshold = gap_options.threshold, rows = gap_rows, decimals = decimals,
  }

  local responded = 0
  for _, g in ipairs(group_list) do if g.shown and not g.self then responded = responded + 1 end end

  return {
    organisation = ctx.options.organisation ~= "" and ctx.options.organisation or nil,
    logo_text = ctx.options.logo_text ~= "" and ctx.options.logo_text or nil,
    instrument = { title = instrument.title, version = instrument.version, description = instrument.description,
                   framework = instrument.framework and instrument.framework.name },
    subject = result.subject,
    date = format.date(ctx.date, "long"),
    reporter = ctx.reporter,
    groups = group_list,
    minimum = minimum,
    summary = summary,
    radar = radar,
    gap_chart = gap_chart,
    dimensions = dimensions,
    highest = item_list(result.extra.highest),
    lowest = item_list(result.extra.lowest),
    has_highest = result.extra.highest ~= nil and #result.extra.highest > 0,
    importance = importance_rows,
    has_importance = #importance_rows > 0,
    disagreement = disagreement,
    has_disagreement = #disagreement > 0,
    comments = questions,
    has_comments = #questions > 0,
    development = development,
    scale = scale_rows,
    bands = band_rows,
    has_bands = #band_rows > 0,
    anonymity = {
      minimum = minimum,
      merge = instrument.anonymity.policy == "merge",
      merge_into = (function()
        for _, g in ipairs(instrument.raters) do
          if g.id == instrument.anonymity.merge_into then return g.label end
        end
        return instrument.anonymity.merge_into or false
      end)(),
      always_shown = table.concat(always_shown, ", "),
      has_always_shown = #always_shown > 0,
    },
    threshold = threshold,
    provenance = {
      instrument_hash = ctx.provenance.instrument_hash:sub(1, 19),
      scorer = ctx.provenance.scorer .. " " .. ctx.provenance.scorer_version,
      scorer_hash = ctx.provenance.scorer_hash:sub(1, 19),
      toolkit = ctx.provenance.toolkit_version,
    },
    no_others = responded == 0,
  }
end

M.number = number
M.signed = signed
return M
