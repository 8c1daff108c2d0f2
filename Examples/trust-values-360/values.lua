-- The trust's values dimension, kept beside the instrument so other instruments can require it.
return {
  id = "our_values",
  title = "Living our values",
  description = "Compassion, respect and openness in everyday work.",
  items = {
    { id = "ov_1", text = "Shows compassion to patients and colleagues when things are difficult" },
    { id = "ov_2", text = "Treats everyone with equal respect, whatever their role" },
    { id = "ov_3", text = "Is open about mistakes so that others can learn from them" },
    { id = "ov_4", text = "Blames individuals when things go wrong instead of looking at causes", reverse = true },
  },
  importance = { id = "our_values_importance", text = "How important is living the trust's values in this role?", scale = "importance4" },
}
