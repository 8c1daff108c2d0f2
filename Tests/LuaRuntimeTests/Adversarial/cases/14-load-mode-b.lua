-- Ask load for binary mode ("b") with text and empty sources; the sandbox returns nil plus a message instead of loading.
print(load("return 1", "=x", "b"))
print(load("", "=x", "b", {}))
print(load("return 1", "=x", "t")())
print(load("return 2")())
local f, e = load("return 3", "=x", "b")
print(f == nil, e)
