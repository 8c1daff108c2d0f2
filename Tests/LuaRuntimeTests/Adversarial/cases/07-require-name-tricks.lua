-- Feed require traversal, absolute, separator, NUL, empty and pattern names: invalid ones are refused, valid ones are simply not found.
local names = {"../x", "/etc/passwd", "a/b", "..", ".", "", "a..b", ".a", "a.", "evil\0name", "a\\b", "~/x", "C:x", "a b", "%s", "../../../../etc/shadow",
  "x.lua", "etc.passwd", "my-mod", "io", "init"}
for i, n in ipairs(names) do
  local ok, e = pcall(require, n)
  e = tostring(e)
  print(i, ok, e:find("invalid module name", 1, true) ~= nil, e:find("not found", 1, true) ~= nil, e:find("no file", 1, true) == nil)
end
