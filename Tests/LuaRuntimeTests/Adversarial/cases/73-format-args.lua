-- string.format with too few / too many / wrongly typed arguments, %c of out-of-range codes, %a hex floats and %d of floats.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local function try(label, f)
  local ok, e = pcall(f)
  if ok then print(label, "ok", e) else print(label, "err", m(e):match("bad argument #(%d+)"), m(e):match("%(.*%)$")) end
end
try("few", function() return string.format("%d %d", 1) end)
try("many", function() return string.format("%d", 1, 2, 3, {}, nil) end)
try("float", function() return string.format("%d", 3.5) end)
try("intfloat", function() return string.format("%d", 3.0) end)
try("numstr", function() return string.format("%d", "10") end)
try("badstr", function() return string.format("%d", "ten") end)
try("table", function() return string.format("%d", {}) end)
try("nilx", function() return string.format("%x", nil) end)
try("hexneg", function() return string.format("%x", -1) end)
try("snil", function() return string.format("%s|%s", nil, false) end)
try("fmtnil", function() return string.format(nil) end)
try("huge", function() return string.format("%d", 2^63) end)
for _, code in ipairs{65, 0, 255, 256, -1, 1000, math.maxinteger, math.mininteger} do
  local ok, s = pcall(function() return string.format("%c", code) end)
  print("c", code, ok, ok and #s, ok and s:byte())
end
print(string.format("%a %a %a %A", 1, 0.5, -0.1, 255.5))
print(string.format("%a", math.huge), string.format("%.3a", math.pi))
