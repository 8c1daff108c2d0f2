-- string.rep with a 1 KiB separator a million times (1 GiB) under an 8 MiB cap.
-- limits: memory=8
print("start")
local s = string.rep("x", 2^20, string.rep("y", 2^10))
print("unreachable", #s)
