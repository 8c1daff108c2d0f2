-- string.gsub with a replacement function that recurses into gsub (C -> Lua -> C ...) hits the C stack limit.
local function f(s) return (string.gsub(s, ".", f)) end
print("start")
f("ab")
print("unreachable")
