-- A 1 GiB string.rep under an 8 MiB memory cap.
-- limits: memory=8
print("start")
local s = string.rep("x", 2^30)
print("unreachable", #s)
