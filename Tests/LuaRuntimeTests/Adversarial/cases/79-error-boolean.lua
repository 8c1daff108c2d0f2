-- Raise false as the error object (Lua allows any value).
print("before")
error(false)
