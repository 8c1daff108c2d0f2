-- "No chance to demonstrate" must carry no value: it counts in neither numerator nor denominator.
return assess.instrument {
  api = 1, extends = "board-competency-self", id = "broken-board", version = "1.0.0",
  scale = assess.scale {
    id = "board_frequency", kind = "frequency",
    options = {
      { value = 1, label = "Rarely or never" },
      { value = 2, label = "Occasionally" },
      { value = 3, label = "Frequently" },
      { value = 4, label = "Almost always" },
      { value = 0, label = "No chance to demonstrate", na = true },
    },
  },
}
