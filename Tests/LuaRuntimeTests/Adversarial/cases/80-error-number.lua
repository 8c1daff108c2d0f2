-- Raise a number as the error object; numbers are not strings, so the host reports the type.
print("before")
error(42)
