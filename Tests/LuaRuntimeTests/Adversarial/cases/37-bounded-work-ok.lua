-- Honest bounded work (a million iterations, string building, coroutines) well under every limit must finish ok.
local sum = 0
for i = 1, 1000000 do sum = sum + i end
print(sum)
local parts = {}
for i = 1, 1000 do parts[i] = tostring(i) end
print(#table.concat(parts))
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print(gen(), gen(), gen())
print(select("#", table.unpack({}, 1, 1000)))
