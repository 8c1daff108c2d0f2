-- Return a table that contains itself (through a nested field); converting it must not recurse forever.
local t = {name = "root", child = {list = {1, 2, 3}}}
t.child.parent = t
print("built")
return "first", t
