-- Mutate the string library through table.insert (which writes via lua_seti); refused as a read-only table write.
print(#"abc")
table.insert(string, 1)
print("unreachable", string[1])
