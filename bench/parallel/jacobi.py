# One 5-point Jacobi sweep on a 2048x2048 float64 grid, prange over rows.
# Prints: jacobi BEST_SECONDS SUM(v) (compare with bench/cpp/parallel/jacobi.cpp).
# Optional arguments: the grid size (for a quick check against CPython), and
# the number of sweeps per timed call (default 1): u -> v -> w -> v ..., the
# borders of v and w staying 0, as in bench/array/jacobi_array.py.
import sys
import time
import numpy as np
from parjit import jit, prange


@jit
def init(u):
    for i in range(u.shape[0]):
        for j in range(u.shape[1]):
            u[i, j] = (i * 7 + j * 3) % 11


@jit(parallel=True)
def jacobi(u, v):
    n = u.shape[0]
    m = u.shape[1]
    for i in prange(1, n - 1):
        for j in range(1, m - 1):
            v[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])


@jit
def total(v):
    s = 0.0
    for i in range(v.shape[0]):
        for j in range(v.shape[1]):
            s += v[i, j]
    return s


def main():
    n = 2048
    sweeps = 1
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    if len(sys.argv) > 2:
        sweeps = int(sys.argv[2])
    u = np.zeros((n, n))
    v = np.zeros((n, n))
    w = np.zeros((n, n))
    init(u)
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        jacobi(u, v)
        for s in range(1, sweeps):
            if s % 2 == 1:
                jacobi(v, w)
            else:
                jacobi(w, v)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    if sweeps % 2 == 1:
        print("jacobi", best, total(v))
    else:
        print("jacobi", best, total(w))


if __name__ == "__main__":
    main()
