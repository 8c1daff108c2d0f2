-- Baseline: a harmless script that prints and finishes, proving the runner and golden format work.
print("hello", 1, 2.5, true, nil)
print(_VERSION)
