-- An endless loop with an effectively unlimited instruction budget must end on the wall-time limit instead.
-- limits: timeout=0.3 instructions=100000000000
print("start")
while true do end
