-- Catastrophic backtracking through string.gsub and string.match with "a?" and ".-" items.
-- limits: instructions=1000000
print("start")
print(string.match(string.rep("a", 30), string.rep(".-", 30) .. "b"))
print(string.gsub(string.rep("a", 40), string.rep("a?", 40) .. "b", "X"))
print("unreachable")
