-- Run an endless loop inside a coroutine so that coroutine.resume catches the limit error; the limit still ends the script.
local co = coroutine.create(function() while true do end end)
print("start")
print(coroutine.resume(co))
print("after", coroutine.status(co))
