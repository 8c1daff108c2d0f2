-- Rebind _ENV (shadowing, proxying, const) looking for a hidden original environment; setting it to nil just fails.
do local _ENV = {print = print, type = type}; print(type(io), type(string)) end
do local _ENV = setmetatable({}, {__index = _G}); print(type(io), type(os), type(string)) end
local function f() local _ENV <const> = {print = print}; print(os, debug) end
f()
local saved = _ENV.print
_ENV = nil
saved("before")
print(io)
