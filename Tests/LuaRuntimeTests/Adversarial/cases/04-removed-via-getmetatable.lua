-- Look for hidden libraries via getmetatable on every kind of value; indexing the protected string metatable fails.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
print(getmetatable(""), getmetatable(_G), getmetatable(print), getmetatable(1), getmetatable(nil), getmetatable(true))
print(getmetatable(coroutine.create(print)), getmetatable({}), getmetatable(1.5), getmetatable(load))
local ok, e = pcall(function() return getmetatable("").__index end)
print(ok, m(e))
ok, e = pcall(function() return getmetatable("abc").__index.dump end)
print(ok, m(e))
print(type(getmetatable("")))
