# and/or evaluate the right operand only when needed; not negates.
import numpy as np
from parjit import jit


@jit
def touch(log, k, v):
    log[k] = 1
    return v


@jit
def safe_div_positive(a, b):
    return b != 0 and a // b > 0


@jit
def pattern(log, p, q):
    r1 = touch(log, 0, p) and touch(log, 1, q)
    r2 = touch(log, 2, p) or touch(log, 3, q)
    r3 = not touch(log, 4, p)
    return r1, r2, r3


def main():
    print(safe_div_positive(5, 0), safe_div_positive(5, 2), safe_div_positive(-5, 2))
    for p in range(2):
        for q in range(2):
            log = np.zeros(5, dtype=np.int64)
            print(pattern(log, p == 1, q == 1), log)
    a = 3
    b = 0
    if a > 0 and not b > 0:
        print("a positive, b not")
    if b > 0 or a == 3:
        print("either")
    if not (a > 0 and b > 0) or a < 0:
        print("de morgan")
    print(a > 0 and b == 0, a < 0 or b < 0, not a == 3)


if __name__ == "__main__":
    main()
