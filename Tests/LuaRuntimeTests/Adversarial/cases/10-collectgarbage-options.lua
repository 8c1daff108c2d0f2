-- Every collectgarbage option other than "count" is refused; "count" reports KiB as a float.
local kb = collectgarbage("count")
print(type(kb), math.type(kb), kb > 0)
for _, opt in ipairs{"collect", "stop", "restart", "step", "isrunning", "incremental", "generational", "setpause", "setstepmul", "COUNT", "count "} do
  print(opt, (pcall(collectgarbage, opt)))
end
print("noarg", (pcall(collectgarbage)))
collectgarbage("stop")
print("unreachable")
