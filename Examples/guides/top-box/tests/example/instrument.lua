-- A small instrument for testing the top-box scorer.
return assess.instrument {
  api = 1, id = "top-box-example", version = "1.0.0", title = "Example for top-box",
  scale = assess.scale { id = "five", options = {
    { value = 1, label = "Never" }, { value = 2, label = "Rarely" }, { value = 3, label = "Sometimes" },
    { value = 4, label = "Often" }, { value = 5, label = "Always" }, { label = "Not applicable", na = true } } },
  dimensions = {
    { id = "d1", title = "Dimension one", items = {
        { id = "q1", text = "First item" }, { id = "q2", text = "Second item" },
        { id = "q3", text = "Third item", reverse = true } } },
  },
  scoring = { plugin = "top-box" },
}
