-- Smuggle a looping finalizer in by adding __gc after setmetatable or via an inherited __index field; no finalizer may ever run, the script ends ok.
local mt = {}
local t = setmetatable({}, mt)
mt.__gc = function() while true do end end
pcall(setmetatable, {}, setmetatable({}, {__index = {__gc = function() while true do end end}}))
local keep = {}
for i = 1, 100 do keep[i] = {} end
print("set", type(t), getmetatable(t) == mt)
print("done")
