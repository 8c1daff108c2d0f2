-- Return a table whose metatable has looping __index/__pairs/__len/__tostring/__eq; the host converts it without invoking metamethods.
local loop = function() while true do end end
local t = setmetatable({1, 2, x = "y"}, {__index = loop, __newindex = loop, __pairs = loop, __len = loop, __tostring = loop,
  __eq = loop, __name = "Evil", __metatable = "locked", __call = loop})
print("returning", rawlen(t), rawget(t, "x"))
return t
