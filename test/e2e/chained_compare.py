# Chained comparisons evaluate the middle operand once and short-circuit.
import numpy as np
from parjit import jit


@jit
def bump(counter, v):
    counter[0] += 1
    return v


@jit
def in_range(lo, x, hi):
    return lo <= x < hi


@jit
def chain(counter, a, b, c, d):
    return a < bump(counter, b) <= c != d


def main():
    print(in_range(0, 5, 10), in_range(0, 10, 10), in_range(0, -1, 10), in_range(0.5, 0.5, 1))
    counter = np.zeros(1, dtype=np.int64)
    print(chain(counter, 1, 2, 3, 4), counter[0])
    print(chain(counter, 5, 2, 3, 4), counter[0])
    print(chain(counter, 1, 2, 2, 2), counter[0])
    x = 3
    print(1 < x < 5, 1 < x > 2, x == 3 == 3.0, 5 > x >= 3 > 2.5, 1 < 2 < 0)
    print(x != 3 != 4, -1 < -0.5 < 0 < 0.5 < 1)


if __name__ == "__main__":
    main()
