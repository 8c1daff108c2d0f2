-- Raise a plain table as the error object at top level; the host reports its type, not its contents.
print("before")
error({code = 1, message = "table error"})
