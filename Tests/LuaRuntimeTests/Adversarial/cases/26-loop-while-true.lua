-- The plain endless loop: while true do end must end on the instruction limit.
print("start")
while true do end
