-- math.random is seeded deterministically by the host (like math.randomseed(0)); explicit seeds reproduce stock sequences.
print(math.random(1, 100), math.random(1, 100), math.random(1, 100), math.random(1, 100), math.random(1, 100))
print(math.random(0), math.random(1000000))
print(string.format("%.6f %.6f", math.random(), math.random()))
math.randomseed(42)
local a = {math.random(1, 1000), math.random(1, 1000), math.random(1, 1000)}
math.randomseed(42)
local b = {math.random(1, 1000), math.random(1, 1000), math.random(1, 1000)}
print(table.concat(a, " "), table.concat(b, " "))
math.randomseed(7, 13)
print(math.random(1, 6), math.random(1, 6), math.random(1, 6))
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local ok, e = pcall(function() return math.random(2, 1) end)
print(ok, m(e):match("%(.*%)$"))
print(math.random(math.mininteger, math.maxinteger) ~= nil)
