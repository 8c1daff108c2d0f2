-- A hostile script: it swallows every error and loops forever. The instruction limit is sticky,
-- so pcall cannot keep it alive: the host stops it with "instruction limit exceeded".
while true do
  pcall(function() while true do end end)
end
