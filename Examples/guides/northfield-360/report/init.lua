-- Northfield's 360 report: the bundled feedback-html with the trust's name and text mark on the
-- cover and the trust's own cover wording (cover.html.mustache beside this file replaces the
-- bundled section of the same name). Every other section is feedback-html's.
return assess.reporter {
  api = 1,
  id = "northfield-feedback-html",
  version = "1.0.0",
  extends = "feedback-html",
  title = "Northfield 360° feedback report",
  options = { organisation = "Northfield Community NHS Trust", logo_text = "Northfield NHS" },
  -- prepare(view, ...) may add to or change what the templates see.
  prepare = function(view, result, instrument, ctx)
    view.contact = "leadership@northfield.example.nhs.uk"
    return view
  end,
}
