-- 150 suspended coroutines, each with a pending <close> variable whose handler closes the next one; the host caps nested closes at 100.
local cos = {}
local i = 0
local closer = setmetatable({}, {__close = function()
  i = i + 1
  local nxt = cos[i + 1]
  if nxt then local ok, e = coroutine.close(nxt); if not ok then error(e, 0) end end
end})
for k = 1, 150 do
  cos[k] = coroutine.create(function() local guard <close> = closer; coroutine.yield() end)
  assert(coroutine.resume(cos[k]))
end
print("built", #cos, coroutine.status(cos[150]))
i = 0
local ok, e = coroutine.close(cos[1])
print("closed", ok)
if not ok then error(e, 0) end
print("unreachable")
