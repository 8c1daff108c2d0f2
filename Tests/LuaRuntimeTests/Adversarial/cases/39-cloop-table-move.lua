-- table.move over a 10^15-element range of nils: stock 5.4.4 loops in C without allocating, so the host must charge the steps.
print("start")
table.move({}, 1, 1e15, 1)
print("unreachable")
