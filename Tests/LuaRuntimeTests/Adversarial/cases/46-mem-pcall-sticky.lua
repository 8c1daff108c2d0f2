-- Catch memory errors with pcall in a loop and keep going; the memory limit is sticky so the script still ends on it.
-- limits: memory=8
print("start")
for i = 1, 5 do
  print(i, pcall(string.rep, "x", 2^28))
  print(i, pcall(function() local t = {} for j = 1, 1e9 do t[j] = j end end))
end
print("unreachable")
