-- Reach removed libraries indirectly through _G, _ENV, rawget and computed key names.
print(_G == _ENV, _G._G == _G, rawequal(_G, _ENV))
print(_G.io, _ENV.os, _G["debug"], rawget(_G, "package"), rawget(_ENV, "dofile"))
local names = {"i" .. "o", "o" .. "s", "de" .. "bug", "pack" .. "age", "load" .. "file", "do" .. "file", "wa" .. "rn"}
for _, n in ipairs(names) do print(n, _G[n], _ENV[n], rawget(_G, n)) end
print(string["du" .. "mp"], rawget(string, "dump"), _G.string.dump, _ENV["string"]["dump"])
local found = {}
for k in pairs(_G) do
  for _, n in ipairs(names) do if k == n then found[#found + 1] = k end end
end
print("hidden globals found:", #found)
