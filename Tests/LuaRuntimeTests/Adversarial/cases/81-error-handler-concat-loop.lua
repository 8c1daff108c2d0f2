-- Error objects are safe values inside the script (rawequal, type), but an xpcall handler that concatenates one triggers its looping __concat.
local obj = setmetatable({}, {__concat = function() while true do end end, __eq = function() while true do end end})
local ok, e = pcall(error, obj)
print(ok, type(e), rawequal(e, obj))
print(select("#", pcall(error)), (select(2, pcall(error))))
print("handler")
print(xpcall(error, function(err) return err .. "!" end, obj))
print("unreachable")
