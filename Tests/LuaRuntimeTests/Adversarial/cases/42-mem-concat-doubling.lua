-- Double a string by repeated concatenation until memory runs out.
-- limits: memory=8
print("start")
local s = "x"
for i = 1, 64 do s = s .. s end
print("unreachable", #s)
