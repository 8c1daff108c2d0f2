-- 200000 suspended coroutines whose pending <close> handlers close each other (stock 5.4.4 segfaults); the nesting guard stops it.
-- limits: memory=512 timeout=5
local cos = {}
local i = 0
local closer = setmetatable({}, {__close = function()
  i = i + 1
  local nxt = cos[i + 1]
  if nxt then local ok, e = coroutine.close(nxt); if not ok then error(e, 0) end end
end})
local body = function() local guard <close> = closer; coroutine.yield() end
for k = 1, 200000 do
  local co = coroutine.create(body)
  coroutine.resume(co)
  cos[k] = co
end
print("built", #cos)
i = 0
local ok, e = coroutine.close(cos[1])
print("closed", ok)
if not ok then error(e, 0) end
print("unreachable")
