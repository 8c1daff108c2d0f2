-- Two tables whose __index/__newindex tables point at each other form a lookup loop; Lua's chain limit stops it.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local a, b = {}, {}
setmetatable(a, {__index = b, __newindex = b})
setmetatable(b, {__index = a, __newindex = a})
local ok, e = pcall(function() a.y = 1 end)
print(ok, m(e))
local chain = {}
local cur = chain
for i = 1, 1500 do local nxt = {}; setmetatable(cur, {__index = nxt}); cur = nxt end
cur.deep = "found"
print(chain.deep)
print(a.x)
print("unreachable")
