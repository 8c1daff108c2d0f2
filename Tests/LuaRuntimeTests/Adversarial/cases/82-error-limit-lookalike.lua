-- An ordinary error whose message mimics a host outcome ("limit: memory") must still be reported as a runtime error.
print("before")
error("limit: memory", 0)
