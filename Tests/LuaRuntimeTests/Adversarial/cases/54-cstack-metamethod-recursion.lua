-- Self-recursive __index/__newindex/__concat/__len/__eq/__lt/__unm functions recurse through C metamethod calls; each fails cleanly.
local function m(e) return (tostring(e):gsub("^[^\n]-:%d+: ", "", 1)) end
local mt = {}
mt.__index = function(t, k) return t[k] end
mt.__newindex = function(t, k, v) t[k] = v end
mt.__concat = function(a, b) return a .. b end
mt.__len = function(a) return #a end
mt.__eq = function(a, b) return a == b end
mt.__lt = function(a, b) return a < b end
mt.__unm = function(a) return -a end
local a, b = setmetatable({}, mt), setmetatable({}, mt)
local tests = {
  index = function() return a.x end,
  newindex = function() a.x = 1 end,
  concat = function() return a .. b end,
  len = function() return #a end,
  eq = function() return a == b end,
  lt = function() return a < b end,
  unm = function() return -a end,
}
for _, name in ipairs{"index", "newindex", "concat", "len", "eq", "lt", "unm"} do
  local ok, e = pcall(tests[name])
  print(name, ok, m(e))
end
