-- One row per subject x score x group: the shape both flat exports share.
-- Rows come in a fixed order: subjects as scored; per subject its dimensions (instrument order),
-- then overall, then items; per score the headline figure first (group ""), then each rater
-- group in the instrument's order (then any others, by id).
local M = {}

local function group_order(instrument, groups)
  local order, seen = {}, {}
  for _, g in ipairs(instrument.raters) do
    if groups[g.id] ~= nil then order[#order + 1] = g.id; seen[g.id] = true end
  end
  local rest = {}
  for id in pairs(groups) do
    if not seen[id] then rest[#rest + 1] = id end
  end
  table.sort(rest)
  for _, id in ipairs(rest) do order[#order + 1] = id end
  return order
end

local function row(subject, level, entry, group, figures)
  local flags = {}
  for i, f in ipairs(figures.flags or {}) do flags[i] = f end
  return {
    subject = subject, level = level, id = entry.id, group = group,
    score = figures.score, band = figures.band, answered = figures.answered, reason = figures.reason,
    flags = flags, stats = figures.stats or {},
  }
end

--- Calls `visit(row)` for every row of every subject, in order, without holding them all.
function M.each(all, instrument, visit)
  for _, s in ipairs(all.subjects) do
    local function add(level, entry)
      visit(row(s.subject, level, entry, "", entry))
      for _, gid in ipairs(group_order(instrument, entry.groups or {})) do
        visit(row(s.subject, level, entry, gid, entry.groups[gid]))
      end
    end
    for _, d in ipairs(s.dimensions) do add("dimension", d) end
    if s.overall then add("overall", s.overall) end
    for _, item in ipairs(s.items) do add("item", item) end
  end
end

--- Every row of every subject, as a list.
function M.build(all, instrument)
  local rows = {}
  M.each(all, instrument, function(r) rows[#rows + 1] = r end)
  return rows
end

--- The provenance as flat fields.
function M.provenance(p)
  local inputs = {}
  for i, input in ipairs(p.inputs) do inputs[i] = input.file .. " " .. input.hash end
  return {
    instrument = p.instrument, instrument_version = p.instrument_version, instrument_hash = p.instrument_hash,
    scorer = p.scorer, scorer_version = p.scorer_version, scorer_hash = p.scorer_hash,
    api_version = p.api_version, toolkit_version = p.toolkit_version, inputs = table.concat(inputs, "; "),
  }
end

return M
