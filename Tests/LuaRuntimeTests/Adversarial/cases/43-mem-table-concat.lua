-- table.concat of a table holding 2000 references to one 10 KB string builds a 20 MB result under an 8 MiB cap.
-- limits: memory=8
local piece = string.rep("x", 10000)
local t = {}
for i = 1, 2000 do t[i] = piece end
print("start", #t)
local s = table.concat(t)
print("unreachable", #s)
