-- Install a __gc finalizer that would loop forever after the script ends; setmetatable refuses metatables with __gc.
print("before")
setmetatable({}, {__gc = function() while true do end end})
print("unreachable")
