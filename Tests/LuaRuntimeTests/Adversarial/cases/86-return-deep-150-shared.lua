-- Return a 150-level nested table plus a shared (not cyclic) subtable referenced twice; both are legal and convert fine.
local root = {}
local cur = root
for i = 1, 149 do cur.next = {}; cur = cur.next end
local shared = {1, 2, 3}
print("built")
return root, {a = shared, b = shared, c = {shared, shared}}
