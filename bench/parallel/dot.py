# Dot product, parallel: s += x[i] * y[i] on n = 2^25 float64, a prange reduction.
# Prints: dot BEST_SECONDS SUM (compare with bench/cpp/parallel/dot.cpp).
# An optional argument sets n (for a quick check against CPython).
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def dot(x, y):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i] * y[i]
    return s


def main():
    n = 1 << 25
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    x = np.arange(n, dtype=np.float64)
    y = np.full(n, 0.5)
    best = 1e30
    s = 0.0
    check = 0.0
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        s = dot(x, y)
        t = time.perf_counter() - t0
        # Every result is used: parjit compiles main() too, and would
        # otherwise drop the calls whose result is overwritten.
        check += s
        if rep > 0 and t < best:
            best = t
    assert check == 6 * s
    print("dot", best, s)


if __name__ == "__main__":
    main()
