-- math.randomseed() without a seed would reseed from the clock (non-deterministic); the sandbox requires a seed.
math.randomseed(1)
print("seeded")
math.randomseed()
print("unreachable")
