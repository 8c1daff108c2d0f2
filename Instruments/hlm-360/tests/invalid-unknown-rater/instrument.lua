-- A trust adds an item for a rater group it never declared: rejected, located at the item.
return assess.instrument {
  api = 1, extends = "hlm-360", id = "broken-360", version = "1.0.0",
  dimensions = {
    { id = "leading_with_care", items = {
        { id = "lwc_6", text = "Explains care decisions in words patients understand", raters = { "patient" } },
    } },
  },
}
