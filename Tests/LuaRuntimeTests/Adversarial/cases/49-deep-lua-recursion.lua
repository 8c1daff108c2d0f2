-- Unbounded non-tail Lua recursion overflows the Lua stack (a normal runtime error, given enough memory to reach it).
-- limits: memory=128
local function f(n) return 1 + f(n + 1) end
print("start")
f(1)
print("unreachable")
