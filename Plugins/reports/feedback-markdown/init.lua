-- feedback-markdown: the same content as feedback-html, as Markdown, for facilitators who paste
-- it into their own documents. It extends feedback-html and renders the same view through
-- report.md.mustache (text is escaped for Markdown, so comments show exactly as written).
-- `ctx.base` is feedback-html's declaration: its `view` function builds the content.

return assess.reporter {
  api = 1,
  id = "feedback-markdown",
  version = "1.0.0",
  extends = "feedback-html",
  title = "360° feedback report (Markdown)",
  description = "One Markdown report per subject, with the content of feedback-html; charts become tables.",
  formats = { "md" },
  render = function(result, instrument, ctx)
    local v = ctx.base.view(result, instrument, ctx)
    v = ctx.hook("prepare", v, v, result, instrument, ctx)
    local name = ctx.hook("file_name", result.subject .. "-feedback", result, ctx)
    ctx.write(ctx.file_name(name, "md"), ctx.render("report.md", v))
  end,
}
