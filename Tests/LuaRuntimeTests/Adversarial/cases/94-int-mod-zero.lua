-- Integer modulo by zero at top level is a runtime error (Lua's "attempt to perform 'n%0'" message), not a crash.
print(math.mininteger // -1)
local zero = 0
print(7 % zero)
