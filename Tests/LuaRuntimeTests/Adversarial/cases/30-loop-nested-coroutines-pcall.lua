-- Hide an endless loop under pcall inside a wrapped coroutine inside another coroutine inside pcall; the limit propagates through all layers.
local inner = coroutine.wrap(function()
  pcall(function() while true do end end)
  coroutine.yield("inner survived")
end)
local outer = coroutine.create(function() print(pcall(inner)) end)
print("start")
print(pcall(coroutine.resume, outer))
print("after")
