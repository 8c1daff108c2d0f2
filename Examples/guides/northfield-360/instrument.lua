-- Northfield's 360: the bundled Healthcare Leadership Model 360 with the trust's values as a
-- tenth dimension, its own names for the rater groups, a stricter anonymity rule and its own
-- bands. Everything not named here comes from hlm-360 unchanged.
return assess.instrument {
  api = 1,
  extends = "hlm-360",
  id = "northfield-360",
  version = "1.0.0",
  title = "Northfield leadership 360",

  -- At least five people in a group before its answers are shown (the line manager still is).
  anonymity = { minimum = 5, policy = "suppress" },
  raters = {
    { id = "manager", label = "Your line manager" },
    { id = "peer", label = "Colleagues at your level", min = 5 },
    { id = "direct_report", label = "People you line-manage", min = 5 },
    { id = "other", label = "Everyone else you work with", min = 5 },
  },

  -- The trust's values as a new dimension, on hlm-360's frequency scale.
  dimensions = {
    { id = "northfield_values", title = "Living the Northfield values",
      description = "Kindness, fairness and learning in everyday work.",
      items = {
        { id = "nv_1", text = "Takes time to be kind when the ward or team is under pressure" },
        { id = "nv_2", text = "Gives everyone the same chance to speak, whatever their band" },
        { id = "nv_3", text = "Talks openly about what went wrong so the team can learn" },
        { id = "nv_4", text = "Looks for someone to blame before looking at what happened", reverse = true },
      },
      importance = { id = "northfield_values_importance", scale = "importance4",
                     text = "How important is living the Northfield values in this role?" } },
  },

  -- Our own cut points for the four levels.
  bands = {
    assess.bands { id = "northfield_levels",
      { from = 1, label = "Starting out" },
      { from = 2, label = "Developing" },
      { from = 2.75, label = "Established" },
      { from = 3.5, label = "Role model" },
    },
  },
  scoring = { plugin = "rater-groups", bands = "northfield_levels",
              options = { gap = { threshold = 0.5 }, minimum_answered = 3 } },
}
