-- Quadratic plain substring search (2 MB needle over a 4 MB haystack) runs entirely in C; the host must charge or time it out.
local hay = string.rep("a", 4000000)
local needle = string.rep("a", 2000000) .. "b"
print("start", #hay, #needle)
print(string.find(hay, needle, 1, true))
print("unreachable")
