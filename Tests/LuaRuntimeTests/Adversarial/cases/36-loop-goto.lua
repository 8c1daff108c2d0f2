-- An endless loop built from a backward goto.
print("start")
local n = 0
::top::
n = n + 1
goto top
