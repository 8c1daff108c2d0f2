-- self-assessment-markdown: the content of self-assessment-html as Markdown. It extends
-- self-assessment-html and renders the same view (`ctx.base.view`) through self.md.mustache.
return assess.reporter {
  api = 1,
  id = "self-assessment-markdown",
  version = "1.0.0",
  extends = "self-assessment-html",
  title = "Self-assessment report (Markdown)",
  description = "The self-assessment report as Markdown, for pasting into appraisal documents.",
  formats = { "md" },
  render = function(result, instrument, ctx)
    local v = ctx.base.view(result, instrument, ctx)
    v = ctx.hook("prepare", v, v, result, instrument, ctx)
    local name = ctx.hook("file_name", result.subject .. "-self-assessment", result, ctx)
    ctx.write(ctx.file_name(name, "md"), ctx.render("self.md", v))
  end,
}
