-- feedback-html: an individual 360° feedback report, one self-contained HTML file per subject
-- (inline CSS and SVG, no requests, prints on A4).
--
-- The page is the template report.html.mustache and the partials it includes, one per section
-- (cover, summary, dimension, items, importance, agreement, comments, development, appendix).
-- A trust changes one section by writing a reporter with `extends = "feedback-html"` and its own
-- <section>.html.mustache beside it; hooks let it add to the view:
--   view(result, instrument, ctx) -> view             (the content; feedback-markdown calls ctx.base.view)
--   prepare(view, result, instrument, ctx) -> view   (change or add what the templates see)
--   file_name(result, ctx) -> string                 (the output name, without extension)
local view = require "feedback_view"

return assess.reporter {
  api = 1,
  id = "feedback-html",
  version = "1.0.0",
  title = "360° feedback report (HTML)",
  description = "One self-contained HTML report per subject: responders, summary radar, a page per dimension, "
    .. "highest and lowest items, importance, agreement, comments, development planning and an appendix.",
  scope = "subject",
  formats = { "html" },
  kinds = { "360" },
  options = {
    decimals = 2,            -- places shown for scores
    development_areas = 3,   -- dimensions suggested for the development plan
    organisation = "",       -- shown on the cover
    logo_text = "",          -- a text mark on the cover (reports carry no images: they make no requests)
  },
  --- The content of the report for one subject (feedback-markdown renders the same view).
  view = function(result, instrument, ctx)
    return view.build(result, instrument, ctx)
  end,
  render = function(result, instrument, ctx)
    local v = view.build(result, instrument, ctx)
    v = ctx.hook("prepare", v, v, result, instrument, ctx)
    local name = ctx.hook("file_name", result.subject .. "-feedback", result, ctx)
    ctx.write(ctx.file_name(name, "html"), ctx.render("report.html", v))
  end,
}
