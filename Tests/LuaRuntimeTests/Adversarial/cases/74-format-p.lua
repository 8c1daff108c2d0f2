-- string.format("%p") would leak addresses; it is refused in every variant (pcall shows it), then fails at top level.
for _, spec in ipairs{"%p", "%10p", "%-p", "x%py"} do print(spec, (pcall(string.format, spec, {}))) end
print(string.format("%d%%", 5))
print(string.format("%p", {}))
print("unreachable")
