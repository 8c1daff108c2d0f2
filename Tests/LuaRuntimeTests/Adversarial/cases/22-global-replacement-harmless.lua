-- Replace global library tables and builtins; this only rebinds the script's own globals, string methods still reach the real library.
string = {upper = function() return "pwned" end}
print(("abc"):upper(), string.upper("abc"))
tostring = function() return "fake" end
print(tostring(1), ("x"):rep(2))
type = nil
print(("%d"):format(5), rawequal(type, nil))
_G = nil
print(_G, math.abs(-3))
