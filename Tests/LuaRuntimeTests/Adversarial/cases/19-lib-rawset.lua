-- Bypass __newindex with rawset to add a field to the string library; rawset on a library table is refused too.
print(rawget(string, "pwned"))
rawset(string, "pwned", true)
print("unreachable", string.pwned)
