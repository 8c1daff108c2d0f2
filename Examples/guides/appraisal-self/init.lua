-- appraisal-self: the bundled self-assessment report in Markdown, with the trust's name, one
-- decimal place, and a file name that says what it is for.
return assess.reporter {
  api = 1,
  id = "appraisal-self",
  version = "1.0.0",
  extends = "self-assessment-markdown",
  title = "Self-assessment for appraisal (Markdown)",
  options = { organisation = "Northfield Community NHS Trust", decimals = 1 },
  file_name = function(result, ctx)
    return result.subject .. "-appraisal"
  end,
}
