-- Pass a reader function to load (which could stream an unbounded or hanging source); only string chunks are accepted.
print((pcall(load, function() return nil end)))
local parts = {"return ", "'streamed'"}
local f = load(function() return table.remove(parts, 1) end)
print("unreachable", f)
