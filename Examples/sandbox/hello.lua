-- A well-behaved script: stable iteration, seeded random numbers, no addresses in output.
local ratings = { leading_with_care = 3.5, engaging_the_team = 4.25, evaluating_information = 2.75 }
for dimension, score in pairs(ratings) do          -- always the same order: keys sorted
  print(string.format("%-24s %.2f", dimension, score))
end
print("first random draw:", math.random(1, 100))   -- the same every run (seed 0 by default)
print("a table prints as", tostring({}))           -- an id, never a memory address
