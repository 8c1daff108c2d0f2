-- Loop forever in an xpcall body and again in its message handler (stock Lua calls the handler from inside the hook, with hooks disabled).
print("start")
print(xpcall(function() while true do end end, function(e) while true do end end))
print("unreachable")
