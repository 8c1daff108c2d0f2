-- Malformed and over-complex patterns (unfinished classes, bad captures, too many captures, deep recursion) raise clean errors.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local cases = {
  {"abc", "%"}, {"abc", "[a"}, {"abc", "[^"}, {"abc", "%b"}, {"abc", "%f"}, {"abc", "(()"}, {"abc", "%1"},
  {"abc", "(a)%2"}, {"abc", "a)"}, {string.rep("a", 40), string.rep("(a)", 33)},
  {string.rep("a", 300), string.rep("a?", 300)}, {string.rep("a", 300), string.rep("(", 100) .. "a" .. string.rep(")", 100)},
  {"abc", "%g+"}, {"a.b", "%f[%a]%a+"},
}
for i, c in ipairs(cases) do
  local ok, a, b = pcall(function() return string.find(c[1], c[2]) end)
  print(i, ok, ok and a or m(a), ok and b or nil)
end
local ok, e = pcall(function() return ("x"):gsub("x", "%2") end)
print(ok, m(e))
print(pcall(string.gsub, "abc", "(b)", "%1%1%0"))
