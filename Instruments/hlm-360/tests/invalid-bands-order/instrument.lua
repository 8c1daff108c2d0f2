-- Band cut points listed out of order are rejected where the bands are declared.
return assess.instrument {
  api = 1, extends = "hlm-360", id = "broken-bands", version = "1.0.0",
  bands = assess.bands {
    id = "hlm_levels",
    { from = 1, label = "Essential" },
    { from = 2.5, label = "Strong" },
    { from = 1.75, label = "Proficient" },
    { from = 3.25, label = "Exemplary" },
  },
}
