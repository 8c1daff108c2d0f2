-- Integer edge cases: mininteger // -1 and % -1, division and modulo by zero, overflow wraparound, shifts, float conversions.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local minint, maxint = math.mininteger, math.maxinteger
print(minint // -1, minint % -1, minint * -1, -minint, minint - 1 == maxint, maxint + 1 == minint)
print(math.abs(minint), math.abs(minint) == minint, math.ult(1, -1), math.ult(-1, 1))
for _, f in ipairs{function() return 1 // 0 end, function() return 1 % 0 end, function() return minint // 0 end,
                   function() local z = 0 return 5 % z end} do
  local ok, e = pcall(f)
  print(ok, m(e))
end
print(1.0 // 0, -1 // 0.0, 1 % math.huge, -1 % math.huge, 5.0 % 0 ~= 5.0 % 0, 0 / 0 ~= 0 / 0)
print(1 << 64, 1 << 63, -1 >> 1, 1 << -1, -1 << 70, 3 >> -1)
print(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.tointeger(2^63), math.tointeger(-2^63), math.tointeger({}))
print("9223372036854775807" + 0, "9223372036854775808" + 0, math.type("9223372036854775808" + 0), "0x7fffffffffffffff" + 0, "0xffffffffffffffff" + 0)
print(tonumber(string.rep("9", 400)), tonumber("1e400"), tonumber("-1e400"), tonumber("0x" .. string.rep("f", 40)), tonumber("1e-400"))
print(tonumber("  0x10  "), tonumber("10", 36), tonumber("zz", 36), tonumber("1" .. string.rep("0", 30), 2), tonumber("8", 8), tonumber(""))
print(maxint + 0.0 == 2^63, math.floor(2^62) == 2^62, math.type(math.floor(1e100)), math.floor(-0.0), math.fmod(minint, -1))
local ok, e = pcall(function() return maxint + 0.0 | 0 end)
print(ok, m(e))
ok, e = pcall(function() return math.fmod(1, 0) end)
print(ok, m(e):match("%(.*%)$"))
local n = 0
for i = maxint - 2, maxint do n = n + 1 end
for i = minint + 2, minint, -1 do n = n + 1 end
print("for loops near the integer edges ran", n, "times")
ok, e = pcall(function() for i = 1, 10, 0 do end end)
print(ok, m(e))
