-- %s of tables, functions and coroutines must print per-script ids (never addresses), consistent with tostring and print.
local t, u = {}, {}
print(string.format("%s %s %s", t, u, t))
print(string.format("%s", print))
print(string.format("%s|%s", setmetatable({}, {__tostring = function() return "custom" end}), 12))
print(tostring(t), t, tostring(u))
print(string.format("%10s|%-12s|", t, u))
local co = coroutine.create(function() end)
print(co, string.format("%s", co), tostring(co))
print(string.format("%s", string.format))
print(tostring(t):match("^table: #%d+$") ~= nil, tostring(print):find("0x") == nil)
