-- Loop forever in a table.sort comparator, i.e. Lua code called back from a C library loop.
print("start")
table.sort({3, 1, 2}, function(a, b) while true do end end)
print("unreachable")
