-- A trust's 360 report: the bundled feedback-html with one section of its own. It changes the
-- development-planning page (development.html.mustache beside this file replaces the bundled
-- one of the same name), puts the trust's name on the cover, and adds the trust's values to
-- the view through the `prepare` hook. Everything else is feedback-html's.
return assess.reporter {
  api = 1,
  id = "trust-feedback-html",
  version = "1.0.0",
  extends = "feedback-html",
  title = "Example Trust 360° feedback report",
  options = { organisation = "Example NHS Foundation Trust", logo_text = "Example NHS" },
  prepare = function(view, result, instrument, ctx)
    view.values = {
      { name = "Compassion", prompt = "Where did I notice distress this month, and what did I do about it?" },
      { name = "Respect", prompt = "Whose view have I sought out that I usually hear least?" },
      { name = "Openness", prompt = "What mistake of mine could the team learn from?" },
    }
    view.talent_contact = "leadership.development@example.nhs.uk"
    return view
  end,
}
