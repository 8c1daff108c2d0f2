-- Each coroutine resumes a new coroutine inside itself, nesting resumes until Lua's C-call limit refuses the next one.
local depth = 0
local function nest()
  depth = depth + 1
  local ok, err = coroutine.resume(coroutine.create(nest))
  if not ok then error(err, 0) end
  return true
end
print(pcall(nest))
print(depth > 100, depth < 250)
local w = 0
local function wnest() w = w + 1; return coroutine.wrap(wnest)() end
local ok, e = pcall(wnest)
-- coroutine.wrap prefixes a location at every level, so only check how the message ends
print(ok, tostring(e):find("C stack overflow$") ~= nil, w > 100, w < 250)
