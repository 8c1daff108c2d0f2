-- An element that lists the same statement twice, and a misspelt field: both reported, each at its line.
return assess.instrument {
  api = 1, extends = "leadership-framework-self", id = "broken-lf", version = "1.0.0",
  dimensions = {
    { id = "personal_qualities", elements = {
        { id = "self_awareness", items = {
            { id = "dpq_sa_5", text = "Asks for feedback after leading a meeting" },
            { id = "dpq_sa_5", text = "Asks for feedback after a difficult conversation" },
        } },
    } },
  },
  reprots = { "self-assessment-html" },
}
