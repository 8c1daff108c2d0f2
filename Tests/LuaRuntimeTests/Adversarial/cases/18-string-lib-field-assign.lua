-- Overwrite a string library function by field assignment; the library table is read-only.
print(string.upper("a"))
string.upper = function() return "pwned" end
print("unreachable", ("a"):upper())
