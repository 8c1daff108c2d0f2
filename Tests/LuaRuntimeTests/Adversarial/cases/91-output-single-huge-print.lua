-- One print of a 2 MiB string against the default 1 MiB output limit; the oversized line is not delivered.
print("small")
print(string.rep("x", 2 * 1024 * 1024))
print("unreachable")
