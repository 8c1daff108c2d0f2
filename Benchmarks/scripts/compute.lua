-- A compute-bound script for comparing the sandbox with the stock interpreter: a sieve, string
-- building, table-heavy work and floating point, about a second on the stock lua5.4.
local function sieve(n)
  local composite, count = {}, 0
  for i = 2, n do
    if not composite[i] then
      count = count + 1
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return count
end

local function mandelbrot(size)
  local inside = 0
  for y = 0, size - 1 do
    local ci = 2.0 * y / size - 1.0
    for x = 0, size - 1 do
      local cr, zr, zi = 2.0 * x / size - 1.5, 0.0, 0.0
      local n = 0
      while n < 50 and zr * zr + zi * zi < 4.0 do
        zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
        n = n + 1
      end
      if n == 50 then inside = inside + 1 end
    end
  end
  return inside
end

local function scores(rows)
  local sums = {}
  for r = 1, rows do
    local dim = r % 10 + 1
    sums[dim] = (sums[dim] or 0) + (r * 7 % 5 + 1)
  end
  local parts = {}
  for i = 1, #sums do parts[#parts + 1] = string.format("%.4f", sums[i] / rows) end
  return table.concat(parts, ",")
end

local checksum = sieve(2000000) + mandelbrot(400)
print(checksum, scores(2000000))
