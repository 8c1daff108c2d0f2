-- A __tostring metamethod that calls tostring on itself recurses through C until the C stack limit.
local t = setmetatable({}, {__tostring = function(self) return tostring(self) end})
print("start")
print(tostring(t))
print("unreachable")
