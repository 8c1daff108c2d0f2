-- Load chunks whose chunknames spoof host files, C functions or limit messages; the name only changes error text, nothing else.
local function try(name, src)
  local f, e = load(src or "error('spoofed')", name)
  if not f then print(name, "load failed", e) return end
  print(pcall(f))
end
try("@/etc/passwd")
try("=[C]")
try("@assess/runner.swift")
try("=limit: memory")
try("@" .. string.rep("a", 300))
try("=" .. string.rep("b", 300))
try("@evil", "local x = ")
try(nil, "error('default name')")
print(pcall(load("return debug", "@/usr/share/lua/5.4/debug.lua")))
