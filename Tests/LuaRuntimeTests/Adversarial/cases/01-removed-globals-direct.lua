-- Reach every removed library and function directly by its global name (plus Lua 5.1-era names).
print(type(io), type(os), type(debug), type(package))
print(type(dofile), type(loadfile), type(warn), type(string.dump))
print(type(loadstring), type(unpack), type(setfenv), type(getfenv), type(module), type(gcinfo), type(newproxy))
print(type(string), type(table), type(math), type(utf8), type(coroutine))
print(type(load), type(require), type(collectgarbage), type(print))
