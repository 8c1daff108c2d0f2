-- %b() over a 10000-character unbalanced string rescans the rest of the input from every position (quadratic); repeat it.
-- limits: instructions=20000
local s = string.rep("(", 10000)
print("start")
for i = 1, 1000 do string.find(s, "%b()") end
print("unreachable")
