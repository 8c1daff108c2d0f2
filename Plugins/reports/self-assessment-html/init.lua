-- self-assessment-html: a self-assessment report, one self-contained HTML file per person:
-- domain totals and their elements, each statement with its answer and colour band, flags (such
-- as a board domain with a significant gap), and how to read it. Sections are partials, so a
-- reporter that extends this one can replace any of them.
local view = require "self_view"

return assess.reporter {
  api = 1,
  id = "self-assessment-html",
  version = "1.0.0",
  title = "Self-assessment report (HTML)",
  description = "Domain totals, a colour band per statement, flags for gaps, and a reading guide.",
  scope = "subject",
  formats = { "html" },
  kinds = { "self", "team", "organisation" },
  options = { decimals = 2, organisation = "", dimension_word = "domain" },
  view = function(result, instrument, ctx)
    return view.build(result, instrument, ctx)
  end,
  render = function(result, instrument, ctx)
    local v = view.build(result, instrument, ctx)
    v = ctx.hook("prepare", v, v, result, instrument, ctx)
    local name = ctx.hook("file_name", result.subject .. "-self-assessment", result, ctx)
    ctx.write(ctx.file_name(name, "html"), ctx.render("self.html", v))
  end,
}
