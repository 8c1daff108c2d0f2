-- Reach removed functions through string methods (the string metatable's __index) and finally call ("x"):dump().
local s = "abc"
print(s.dump, s.io, s.os, ("").debug, ("x").package, ("x").load)
print(getmetatable(s), getmetatable(""))
print(("x"):rep(3), s:upper(), ("%d"):format(7), s:len())
local d = ("x"):dump()
print("unreachable")
