-- require removed standard libraries (and common native modules); none is registered, so require("os") fails as not found.
for _, n in ipairs{"io", "debug", "package", "ffi", "jit", "lfs", "socket"} do
  local ok, e = pcall(require, n)
  print(n, ok, (tostring(e):find("not found", 1, true)) ~= nil)
end
local os = require("os")
print("unreachable", os)
