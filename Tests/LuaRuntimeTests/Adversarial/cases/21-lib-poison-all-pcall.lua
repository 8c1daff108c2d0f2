-- Attempt every kind of write (new field, overwrite, nil-out, rawset, table.insert, table.move into it) on every library; all fail, libraries stay intact.
local libs = {string = string, table = table, math = math, utf8 = utf8, coroutine = coroutine}
for _, name in ipairs{"string", "table", "math", "utf8", "coroutine"} do
  local lib = libs[name]
  local r = {}
  r[#r + 1] = pcall(function() lib.pwned = true end)
  r[#r + 1] = pcall(function() for k in pairs(lib) do lib[k] = nil end end)
  r[#r + 1] = pcall(function() for k in pairs(lib) do lib[k] = print end end)
  r[#r + 1] = pcall(rawset, lib, "pwned", true)
  r[#r + 1] = pcall(table.insert, lib, "x")
  r[#r + 1] = pcall(table.move, {1, 2, 3}, 1, 3, 1, lib)
  local flags = {}
  for i, v in ipairs(r) do flags[i] = tostring(v) end
  print(name, table.concat(flags, " "), rawget(lib, "pwned"), lib.pwned, lib[1])
end
print(string.rep("ab", 2), table.concat({1, 2}, ","), math.pi, math.huge, #utf8.charpattern, type(coroutine.wrap), math.floor(2.5))
print(("x"):rep(2), math.max(1, 5), utf8.char(72, 105))
