-- tostring/print of tables, functions (Lua and builtin) and coroutines shows per-script ids in order of first use, never addresses.
local a, b = {}, {}
print(a, b, a)
print(tostring(b), tostring(a))
local f = function() end
print(f, print, f)
local co = coroutine.create(f)
print(co, tostring(co))
print(tostring(setmetatable({}, {__tostring = function() return "custom" end})))
print(tostring(nil), tostring(true), tostring(12), tostring(1.5), tostring(-0.0), tostring(1e100), tostring(2^63))
local s = tostring({})
print(s, s:find("0x") == nil, s:match("^table: #(%d+)$"))
