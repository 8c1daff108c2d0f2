-- Put an endless loop in a __close handler that runs while an error unwinds through pcall.
print("start")
print(pcall(function()
  local guard <close> = setmetatable({}, {__close = function() while true do end end})
  error("trigger")
end))
print("unreachable")
