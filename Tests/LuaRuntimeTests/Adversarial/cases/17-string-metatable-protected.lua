-- Try to replace or modify the shared string metatable; it is protected (getmetatable returns false) and methods keep working.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
print(getmetatable(""), getmetatable("abc"), load("return getmetatable('')", "=x", "t", {getmetatable = getmetatable})())
local ok, e = pcall(function() return setmetatable("", {}) end)
print(ok, (m(e):match("%(.*%)$")))
ok, e = pcall(function() getmetatable("").__index = {upper = function() return "pwned" end} end)
print(ok, m(e))
ok, e = pcall(function() getmetatable("").__add = function() return "pwned" end end)
print(ok, m(e))
print(("abc"):upper(), ("abc"):len(), "10" + 1, "3" * "4")
getmetatable("").__index.upper = nil
print("unreachable")
