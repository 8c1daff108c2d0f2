-- scores-csv: a flat CSV export for analysts, one row per subject x score x rater group, with
-- where every figure came from (instrument and scorer hashes, input files) on every row.
local rows = require "rows"

local columns = {
  "subject", "level", "id", "group", "score", "band", "answered", "reason", "flags", "stats",
  "instrument", "instrument_version", "instrument_hash", "scorer", "scorer_version", "scorer_hash",
  "api_version", "toolkit_version", "inputs", "report_date",
}

-- RFC 4180: quote a field that holds a comma, a quote or a line break; double the quotes. A
-- field starting with = + - @ is prefixed with ' so spreadsheets do not run it as a formula.
local function field(value)
  if value == nil then return "" end
  local text = tostring(value)
  if text:find("^[=+%-@\t\r]") and not text:find("^%-?%d") then text = "'" .. text end
  if text:find('[,"\r\n]') then text = '"' .. text:gsub('"', '""') .. '"' end
  return text
end

local function stats_text(stats)
  local keys = {}
  for k in pairs(stats) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = k .. "=" .. assess.format.number(stats[k], 4, { grouping = false }) end
  return table.concat(parts, "; ")
end

return assess.reporter {
  api = 1,
  id = "scores-csv",
  version = "1.0.0",
  title = "Scores as CSV",
  description = "One row per subject, score and rater group, with provenance on every row.",
  scope = "cohort",
  formats = { "csv" },
  options = { decimals = 4 },
  render = function(all, instrument, ctx)
    local decimals = ctx.options.decimals
    local p = rows.provenance(all.provenance)
    local out = { table.concat(columns, ",") }
    local fields = {}
    rows.each(all, instrument, function(r)
      local values = {
        r.subject, r.level, r.id, r.group,
        r.score and assess.format.number(r.score, decimals, { grouping = false }) or "",
        r.band, r.answered, r.reason, table.concat(r.flags, "; "), stats_text(r.stats),
        p.instrument, p.instrument_version, p.instrument_hash, p.scorer, p.scorer_version, p.scorer_hash,
        p.api_version, p.toolkit_version, p.inputs, ctx.date,
      }
      for i = 1, #columns do fields[i] = field(values[i]) end
      out[#out + 1] = table.concat(fields, ",")
    end)
    ctx.write(ctx.file_name(instrument.id .. "-scores", "csv"), table.concat(out, "\n") .. "\n")
  end,
}
