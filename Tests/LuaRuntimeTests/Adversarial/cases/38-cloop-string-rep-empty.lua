-- string.rep of an empty string a huge number of times: stock 5.4.4 spins 2^63 times in C (no hook can fire); the result is just "".
print("start")
print(#string.rep("", math.maxinteger), #("").rep("", 1e15, ""))
print("done")
