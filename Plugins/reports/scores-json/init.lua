-- scores-json: the same flat rows as scores-csv, as one JSON document with the provenance once.
-- It extends scores-csv, so `require "rows"` finds scores-csv's rows.lua.
local rows = require "rows"

return assess.reporter {
  api = 1,
  id = "scores-json",
  extends = "scores-csv",
  version = "1.0.0",
  title = "Scores as JSON",
  description = "One object per subject, score and rater group, and the provenance of them all.",
  scope = "cohort",
  formats = { "json" },
  render = function(all, instrument, ctx)
    local document = {
      provenance = all.provenance,
      report_date = ctx.date,
      rows = rows.build(all, instrument),
    }
    ctx.write(ctx.file_name(instrument.id .. "-scores", "json"), assess.json.encode(document))
  end,
}
