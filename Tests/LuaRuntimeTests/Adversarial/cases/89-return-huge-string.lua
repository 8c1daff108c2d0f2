-- Return a 2 MiB string: returned strings count toward the 1 MiB output limit.
print("before")
return string.rep("x", 2 * 1024 * 1024)
