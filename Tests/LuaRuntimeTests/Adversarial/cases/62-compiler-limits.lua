-- Hit the compiler hard limits (locals, upvalues, registers, string escapes, const and unknown attributes, huge hex literal) through load.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local function names(prefix, n) local t = {} for i = 1, n do t[i] = prefix .. i end return table.concat(t, ", ") end
local sources = {
  "local " .. names("v", 250),
  "local " .. names("u", 150) .. "\nreturn function() local " .. names("w", 150) .. "\nreturn function() return {" .. names("u", 150) .. ", " .. names("w", 150) .. "} end end",
  "return print(" .. names("", 300):gsub("(%d+)", "%1") .. ")",
  "local " .. names("a", 199) .. "\nlocal function f() return {" .. string.rep("1, ", 300) .. "} end",
  "return '\\400'",
  "return '\\u{110000000}'",
  "return 0x" .. string.rep("f", 100),
  "local x <const> = 1; x = 2",
  "local x <foo> = 1",
  "return " .. string.rep("1, ", 300) .. "1",
}
for i, src in ipairs(sources) do
  local f, e = load(src, "=lim")
  print(i, f ~= nil, e and m(e))
end
print(load("return 0x" .. string.rep("f", 100), "=hex")())
