-- load sources nested 100000 levels deep (parens, table constructors, blocks, unary operators, right-assoc concat/pow, functions); the parser's C-level limit refuses each.
local function first(s) return (tostring(s):match("^[^\n]*")) end
local N = 100000
local sources = {
  string.rep("(", N) .. "1" .. string.rep(")", N),
  "return " .. string.rep("{", N) .. string.rep("}", N),
  string.rep("do ", N) .. string.rep("end ", N),
  "return " .. string.rep("- ", N) .. "1",
  "return " .. string.rep("not ", N) .. "true",
  "return 1" .. string.rep(" .. 1", N),
  "return 2" .. string.rep(" ^ 2", N),
  string.rep("function f() ", 300) .. string.rep("end ", 300),
  string.rep("if x then ", N) .. string.rep("end ", N),
  "return " .. string.rep("f(", N) .. string.rep(")", N),
  "x = " .. string.rep("a.", N) .. "b",
}
for i, src in ipairs(sources) do
  local ok, f, msg = pcall(load, src, "=nest")
  print(i, ok, type(f), first(msg))
end
