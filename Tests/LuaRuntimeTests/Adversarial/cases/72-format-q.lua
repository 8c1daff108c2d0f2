-- %q of extreme numbers (mininteger, maxinteger, huge, -huge, nan, -0.0, huge floats, 2^53) and control characters round-trips through load.
local values = {math.mininteger, math.maxinteger, math.huge, -math.huge, 0 / 0, -0.0, 1 / 3, 1e308, 2^53, -2^63, 255, "a\0b\1\n\r\t\"\\z", ""}
for i, v in ipairs(values) do
  local q = string.format("%q", v)
  local back = load("return " .. q)()
  local same = (back == v) or (back ~= back and v ~= v)
  print(i, (q:gsub("\n", "<NL>")), same, math.type(back) == math.type(v))
end
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
for _, bad in ipairs{function() return string.format("%q", {}) end, function() return string.format("%10q", 1) end,
                     function() return string.format("%q", print) end, function() return string.format("%q") end} do
  local ok, e = pcall(bad)
  print(ok, (m(e):gsub("^bad argument #%d+ to '[^']*' ", "bad argument ")))
end
