-- hlm-360 with the gap threshold as a fraction of the scale's range, and the r_wg flag turned off.
return assess.instrument {
  api = 1, extends = "hlm-360", id = "hlm-360-relative-gap", version = "1.0.0",
  title = "Healthcare Leadership Model 360° feedback (relative gap threshold)",
  scoring = {
    plugin = "rater-groups",
    bands = "hlm_levels",
    options = { minimum_answered = 3, gap = { threshold = 0.25, relative = true }, agreement = { rwg_below = false } },
  },
}
