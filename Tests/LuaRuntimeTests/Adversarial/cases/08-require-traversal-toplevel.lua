-- require a path-traversal name at top level; it must be refused as an invalid module name.
print("probe")
local secrets = require("../../etc/passwd")
print("unreachable", secrets)
