-- Argument edge cases: string.rep with negative counts, utf8.char out of range, select bounds, and finally a huge table.unpack range.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local function paren(f) local ok, e = pcall(f); if ok then return "ok:" .. tostring(e) end; return m(e):match("%(.*%)$") or m(e) end
print(string.rep("x", -5) == "", string.rep("x", 0, "sep") == "", string.rep("ab", 1, "sep"), string.rep("ab", 3, ","), string.rep("x", math.mininteger) == "")
print(paren(function() return string.rep("x", 2^63) end), paren(function() return #string.rep("xx", math.maxinteger) end))
print(#utf8.char(0x7FFFFFFF), #utf8.char(0x10FFFF), utf8.char(72, 0x49), paren(function() return utf8.char(0x80000000) end), paren(function() return utf8.char(-1) end))
print(utf8.len("\xff"), paren(function() return utf8.len("abc", 5) end), paren(function() return utf8.codepoint("abc", 1, 10) end))
print(select("#"), select("#", nil, nil), select(-1, 1, 2, 3), paren(function() return select(0, 1) end), paren(function() return select(-5, 1) end))
print(select("#", table.unpack({}, 1, 100000)), select("#", table.unpack({1, 2, 3}, 2)), select("#", table.unpack({}, 5, 1)))
for _, r in ipairs{{1, 1e7}, {1, math.maxinteger}, {math.mininteger, math.maxinteger}, {0, 999999}, {-10, math.maxinteger}} do
  print(paren(function() return select("#", table.unpack({}, r[1], r[2])) end))
end
print(paren(function() return string.byte(string.rep("x", 2000000), 1, -1) end), paren(function() return ("x"):sub(math.mininteger, math.maxinteger) end))
print(select("#", table.unpack({}, 1, 1e8)))
print("unreachable")
