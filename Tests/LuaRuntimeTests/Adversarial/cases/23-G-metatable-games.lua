-- Play setmetatable(_G, ...) games: fake globals via __index, trap writes via __newindex, then an __index that never returns.
setmetatable(_G, {__index = function(_, k) return "ghost:" .. k end})
print(io, os, undefined_name, type(string))
setmetatable(_G, {__newindex = function(t, k, v) rawset(t, k, "trapped:" .. tostring(v)) end})
newglobal = 5
print(newglobal, io)
setmetatable(_G, nil)
print(io, newglobal)
setmetatable(_G, {__index = function(t, k) while true do end end})
print("before loop")
print(io)
print("unreachable")
