-- Create coroutines (each with its own Lua stack) until memory runs out.
-- limits: memory=8
print("start")
local t = {}
while true do t[#t + 1] = coroutine.create(function() end) end
