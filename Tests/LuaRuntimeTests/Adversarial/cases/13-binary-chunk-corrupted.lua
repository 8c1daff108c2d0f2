-- Load corrupted, truncated and header-only binary chunks; they are refused as binary before any undump code runs.
local bc = "\027LuaT\000\025\147\013\010\026\010\004\008\008xV\000\000\000\000\000\000\000\000\000\000\000\040w\064\000\144\061\040command line\041\129\129\000\000\002\131\001\000\000\128H\000\002\000G\000\001\000\128\128\128\131\000\000\000\128\128\128"
local truncated = bc:sub(1, 20)
local flipped = bc:sub(1, 12) .. "\255\255\255\255" .. bc:sub(17)
local huge = "\27Lua" .. string.rep("\255", 64)
for i, c in ipairs{truncated, flipped, huge, "\27Lua", "\27", "\27xyz", bc .. "garbage"} do
  print(i, load(c, "=bad"))
end
print(load(flipped, "=bad", "b"))
