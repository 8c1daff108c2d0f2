-- To-be-closed variables that error (alone, during another error, in sequence), non-closable values, and a close error at top level.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local function closer(msg) return setmetatable({}, {__close = function(_, err) if msg then error(msg, 0) end print("closing, pending error:", err) end}) end
print(pcall(function() local a <close> = closer("close a") end))
print(pcall(function() local a <close> = closer("close a"); error("body", 0) end))
print(pcall(function() local a <close> = closer("a"); local b <close> = closer("b") end))
print(pcall(function() local a <close> = closer(nil); error("body2", 0) end))
print(pcall(function() local a <close> = closer(nil); local b <close> = nil; local c <close> = false; return "fine" end))
local ok, e = pcall(function() local x <close> = 42 end)
print(ok, m(e))
ok, e = pcall(function() local x <close> = {} end)
print(ok, m(e))
local co = coroutine.wrap(function() local a <close> = closer(nil); coroutine.yield(1); return 2 end)
print(co(), co())
do
  local z <close> = closer("final close error")
  print("leaving block")
end
print("unreachable")
