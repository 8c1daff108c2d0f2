-- Swallow the instruction limit with pcall and retry (endless loop, endless tail call); the limit is sticky so nothing after the first trip runs.
print("start")
for i = 1, 3 do
  print(pcall(function() while true do end end))
  print(pcall(function() local function f() return f() end return f() end))
end
print("unreachable")
