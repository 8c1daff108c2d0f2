-- pairs/next must iterate in the host's stable order (numbers ascending, then strings by bytes, then false, true, then others), also for large tables.
local t = {}
local keys = {10, "b", 2.5, true, "a", -1, false, 3, "B", "aa", 1e100, "", -math.huge, 1, "\255", "10", 0.5, math.mininteger}
for _, k in ipairs(keys) do t[k] = true end
local out = {}
local function show(k)
  if type(k) ~= "string" then return tostring(k) end
  return '"' .. k:gsub("[^%w]", function(c) return "\\" .. c:byte() end) .. '"'
end
for k in pairs(t) do out[#out + 1] = show(k) end
print(table.concat(out, " "))
out = {}
local k = next(t)
while k ~= nil do out[#out + 1] = tostring(k); k = next(t, k) end
print(#out)
local big = {}
for i = 1, 20000 do big[(i * 7919) % 20011] = i; big["k" .. i] = i end
local n, last, sorted = 0, -math.huge, true
local prevs
for key in pairs(big) do
  n = n + 1
  if type(key) == "number" then if key <= last then sorted = false end last = key
  else if prevs and key <= prevs then sorted = false end prevs = key end
end
print(n, sorted)
local arr = {"x", "y", "z", [5] = "five", [4] = "four"}
local acc = {}
for i, v in pairs(arr) do acc[#acc + 1] = i .. "=" .. v end
print(table.concat(acc, " "))
