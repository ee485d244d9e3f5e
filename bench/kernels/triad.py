# STREAM triad, serial: a[i] = b[i] + s * c[i] on n = 2^25 float64.
# Prints: triad BEST_SECONDS CHECKSUM (compare with bench/cpp/triad.cpp).
import time
import numpy as np
from parjit import jit


@jit
def triad(a, b, c, s):
    for i in range(a.shape[0]):
        a[i] = b[i] + s * c[i]


def main():
    n = 1 << 25
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
