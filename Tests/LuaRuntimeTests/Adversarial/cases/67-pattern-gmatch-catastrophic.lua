-- Catastrophic backtracking through string.gmatch with lazy "a-" items; the limit cannot be swallowed by pcall.
-- limits: instructions=1000000
print("start")
print(pcall(function()
  for m in string.gmatch(string.rep("a", 40), string.rep("a-", 40) .. "b") do print(m) end
end))
print("unreachable")
