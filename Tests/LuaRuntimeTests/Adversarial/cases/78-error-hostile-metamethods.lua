-- Raise an error object whose every metamethod (__index, __eq, __concat, __len, __name, __tostring, __call, __close) loops or errors.
local loop = function() while true do end end
local obj = setmetatable({}, {
  __index = loop, __newindex = loop, __eq = loop, __lt = loop, __le = loop, __concat = loop, __len = loop,
  __call = loop, __close = loop, __unm = loop, __name = "EvilError", __metatable = "locked",
  __tostring = function() error("tostring was called") end,
})
print("before", getmetatable(obj), rawequal(obj, obj), rawlen(obj))
error(obj)
