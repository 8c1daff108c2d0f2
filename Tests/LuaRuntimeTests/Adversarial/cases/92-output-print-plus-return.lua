-- Printed bytes and returned strings share one output budget: 2 printed 30-byte lines plus a 50-byte returned string exceed 100 bytes.
-- limits: output=100
print(string.rep("a", 30))
print(string.rep("b", 30))
return string.rep("r", 50)
