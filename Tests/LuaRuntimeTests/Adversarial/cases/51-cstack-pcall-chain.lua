-- A 300-deep pcall(pcall, pcall, ...) chain recurses on the C stack; Lua's C-call limit stops it with an error that a pcall catches.
local t = {}
for i = 1, 300 do t[i] = pcall end
t[#t + 1] = error
t[#t + 1] = "bottom"
local r = table.pack(pcall(table.unpack(t)))
local trues = 0
for i = 1, r.n do if r[i] == true then trues = trues + 1 end end
print(r.n > 150, r.n < 300, trues == r.n - 2, r[r.n - 1], r[r.n])
local function nest(n) return pcall(nest, n + 1) end
local s = table.pack(nest(1))
print(s.n > 150, s.n < 300, s[s.n - 1], s[s.n])
