-- A plain syntax error in the script itself is reported as a syntax error and nothing runs.
print("never runs")
local x = = 1
