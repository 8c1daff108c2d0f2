-- gsub amplification: replace each of a million characters by 1000 characters (a 1 GB result) under the default 32 MiB cap.
print("start")
local s = string.gsub(string.rep("x", 1e6), "x", string.rep("y", 1000))
print("unreachable", #s)
