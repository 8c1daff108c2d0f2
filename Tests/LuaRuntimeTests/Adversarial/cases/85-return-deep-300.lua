-- Return a 300-level nested table, deeper than the host's 200-level conversion limit.
local root = {}
local cur = root
for i = 1, 299 do cur.next = {}; cur = cur.next end
print("built")
return root
