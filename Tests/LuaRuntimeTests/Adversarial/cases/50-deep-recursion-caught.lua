-- Lua stack overflow is an ordinary error: pcall catches it repeatedly and the script continues normally.
-- limits: memory=256 timeout=60
-- (the generous timeout: three overflows of a 200,000-deep stack take seconds in a debug build on a loaded machine)
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local depth = 0
local function f() depth = depth + 1; return 1 + f() end
for i = 1, 3 do
  depth = 0
  local ok, e = pcall(f)
  print(i, ok, m(e), depth > 100000)
end
print("alive")
