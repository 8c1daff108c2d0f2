-- Catastrophic backtracking: string.find(40 a's, 40 "a*" items then "b") is exponential; pattern steps are charged to the instruction budget.
-- limits: instructions=1000000
print("start")
print(pcall(string.find, string.rep("a", 40), string.rep("a*", 40) .. "b"))
print("unreachable")
