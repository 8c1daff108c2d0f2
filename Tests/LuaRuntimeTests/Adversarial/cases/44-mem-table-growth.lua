-- Grow a table one integer at a time forever.
-- limits: memory=8
print("start")
local t, i = {}, 0
while true do i = i + 1; t[i] = i end
