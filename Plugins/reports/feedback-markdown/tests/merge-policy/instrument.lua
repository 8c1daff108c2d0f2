-- hlm-360 with small rater groups merged into "Others" instead of suppressed; direct reports need 4.
return assess.instrument {
  api = 1, extends = "hlm-360", id = "hlm-360-merge", version = "1.0.0",
  title = "Healthcare Leadership Model 360° feedback (small groups merged)",
  anonymity = { minimum = 3, policy = "merge", merge_into = "other" },
  raters = {
    { id = "direct_report", min = 4 },
  },
}
