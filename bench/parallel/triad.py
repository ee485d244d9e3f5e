# STREAM triad, parallel: a[i] = b[i] + s * c[i] on n = 2^25 float64, prange.
# Prints: triad BEST_SECONDS CHECKSUM (compare with bench/cpp/parallel/triad.cpp).
# An optional argument sets n (for a quick check against CPython).
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


def main():
    n = 1 << 25
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    a = np.zeros(n)
    b = np.arange(n, dtype=np.float64)
    c = np.ones(n)
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        triad(a, b, c, 3.0)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("triad", best, a[n - 1])


if __name__ == "__main__":
    main()
