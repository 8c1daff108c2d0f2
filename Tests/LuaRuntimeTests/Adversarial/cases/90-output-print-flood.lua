-- Flood print in an endless loop (through pcall, which cannot swallow the limit) against a 100-byte output limit: three 30-byte lines fit, the fourth trips it.
-- limits: output=100
local line = string.rep("=", 30)
while true do pcall(print, line) end
