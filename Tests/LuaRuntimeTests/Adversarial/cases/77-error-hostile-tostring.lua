-- Raise an error object whose __tostring loops forever; the host must never call __tostring on it.
print("before")
error(setmetatable({}, {__tostring = function() while true do end end}))
