-- Put an endless loop in a to-be-closed variable's __close handler, which runs on normal block exit.
print("start")
do
  local guard <close> = setmetatable({}, {__close = function() while true do end end})
  print("in block")
end
print("unreachable")
