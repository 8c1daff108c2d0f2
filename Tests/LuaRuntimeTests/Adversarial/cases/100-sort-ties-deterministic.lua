-- Sort 3000 records with many equal keys: stock 5.4.4 picks clock-seeded pivots for unbalanced partitions, so ties could land in a different order each run; the sandbox's sort is stable.
local records = {}
for i = 1, 3000 do records[i] = { key = (i * 7919) % 7, id = i } end
-- An adversarial order: already sorted descending by key, which unbalances naive quicksorts.
table.sort(records, function(a, b) return a.key > b.key end)
table.sort(records, function(a, b) return a.key < b.key end)
for i = 2, #records do
  local p, c = records[i - 1], records[i]
  assert(p.key < c.key or (p.key == c.key and p.id < c.id), "equal keys must keep their original order")
end
local head = {}
for i = 1, 12 do head[#head + 1] = records[i].key .. ":" .. records[i].id end
print(table.concat(head, " "))
print(pcall(table.sort, {3, 1, 2}, function(a, b) return true end))
