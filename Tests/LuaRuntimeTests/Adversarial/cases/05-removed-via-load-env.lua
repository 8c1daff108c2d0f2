-- Try to reach removed libraries from chunks loaded with default, _G, proxy, empty and string environments.
print(load("return io, os, debug, package")())
print(load("return io, os, debug, package", "=env", "t", _G)())
print(load("return io, os", "=env", "t", setmetatable({}, {__index = _G}))())
print(load("return io, os", "=env", "t", setmetatable({}, {__index = function(_, k) return _G[k] end}))())
print(load("return _ENV", "=env")() == _G)
-- a string environment resolves globals through the (read-only) string library
print(load("return dump, upper ~= nil, rep ~= nil", "=strenv", "t", "")())
print(pcall(load("return io.open('/etc/passwd')", "=io", "t", {})))
