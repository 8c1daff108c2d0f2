-- string.format with absurd widths and precisions (%99999d, %.1000f, %100s) is rejected; the largest legal ones work.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
for _, spec in ipairs{"%99999d", "%.1000f", "%100s", "%.100f", "%-0100d", "%ll", "%", "%10", "%#", "%w", "%.f", "%099.99f"} do
  local ok, e = pcall(function() return string.format(spec, 1) end)
  print(spec, ok, ok and #e or m(e))
end
print(#string.format("%99d", 7), #string.format("%.99f", 1 / 3), string.format("%.99f", 1 / 3):sub(1, 20))
print(string.format("%5.2s|%-5d|%+.3e|%#x|% d|%i|%05.1f", "abc", 42, 12345.678, 255, 7, 3, 2.25))
print(string.format("%10.4f|%-10.2g|%o|%X|%e", math.pi, 1e20, 8, 3054, 0))
