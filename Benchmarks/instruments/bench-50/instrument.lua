-- The benchmark instrument: 10 dimensions x 5 items on a 1-5 scale, every fifth item reverse-keyed,
-- scored by scale-scores (mean per dimension and overall).
local dimensions = {}
for d = 1, 10 do
  local items = {}
  for i = 1, 5 do
    local n = (d - 1) * 5 + i
    items[i] = { id = ("q%02d"):format(n), text = ("Statement %d"):format(n), reverse = (n % 5 == 0) }
  end
  dimensions[d] = { id = ("d%02d"):format(d), title = ("Dimension %d"):format(d), items = items }
end

return assess.instrument {
  api = 1, id = "bench-50", version = "1.0.0", title = "Benchmark: 10 dimensions x 5 items", kind = "team",
  scale = "agreement5",
  raters = { { id = "member", label = "Members", min = 1 } },
  dimensions = dimensions,
  scoring = { plugin = "scale-scores" },
}
