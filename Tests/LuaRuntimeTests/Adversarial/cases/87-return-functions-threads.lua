-- Return functions, a coroutine, builtins and tables containing them; these are fine to return.
print("returning")
return print, function() return 1 end, coroutine.create(print), {f = print, g = {co = coroutine.running()}}, nil, true, 1.5, math.maxinteger
