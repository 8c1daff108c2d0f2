-- List every global name and every library field (stable pairs order) to prove nothing beyond the documented set is exposed.
local keys = {}
for k, v in pairs(_G) do keys[#keys + 1] = k .. ":" .. type(v) end
print(#keys)
print(table.concat(keys, " "))
for _, lib in ipairs{"string", "table", "math", "utf8", "coroutine"} do
  local names = {}
  for k in pairs(_G[lib]) do names[#names + 1] = k end
  print(lib, #names, table.concat(names, " "))
end
