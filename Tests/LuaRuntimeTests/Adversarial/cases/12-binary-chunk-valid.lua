-- Load a valid Lua 5.4 binary chunk (embedded literal made by stock string.dump); binary loading must be refused in every mode.
-- bytecode of: function() return 1 end  (lua5.4 -e 'io.write(string.format("%q", string.dump(function() return 1 end)))')
local bc = "\027LuaT\000\025\147\013\010\026\010\004\008\008xV\000\000\000\000\000\000\000\000\000\000\000\040w\064\000\144\061\040command line\041\129\129\000\000\002\131\001\000\000\128H\000\002\000G\000\001\000\128\128\128\131\000\000\000\128\128\128"
print(#bc, bc:sub(1, 4) == "\27Lua", bc:byte(5))
print(load(bc))
print(load(bc, "=bin"))
print(load(bc, "=bin", "t"))
print(load(bc, "=bin", "t", {}))
print(load(bc, "=bin", "b"))
print(pcall(load, bc, "=bin", "b"))
