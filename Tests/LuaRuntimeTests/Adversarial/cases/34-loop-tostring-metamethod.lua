-- Loop forever in a __tostring metamethod invoked from C (tostring/print).
local evil = setmetatable({}, {__tostring = function() while true do end end})
print("start")
print(pcall(tostring, evil))
print("unreachable")
