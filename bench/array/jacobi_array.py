# Jacobi sweeps on a 2048x2048 float64 grid, in NumPy array style: each sweep
# is one slice expression, from u0 into a, then between a and b.
# Prints: jacobi BEST_SECONDS SUM(result)
#   (compare with bench/cpp/parallel/jacobi.cpp and the loop-style
#   bench/kernels/jacobi.py, bench/parallel/jacobi.py, run with the same arguments).
# Arguments: [n [sweeps [parallel]]]: the grid side (default 2048), sweeps per
# timed call (default 10), parallel 1 times the @jit(parallel=True) copy of the
# kernel, 0 (default) the @jit one.
# The same script is the NumPy benchmark under CPython:
#   PYTHONPATH=dsl /usr/bin/python3 bench/array/jacobi_array.py
#
# Why two work arrays: NumPy evaluates the right side in full before it
# assigns, so the in-place form `u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + ...)`
# is a Jacobi sweep too, and costs NumPy nothing more (it makes a temporary for
# the right side either way); but a compiler that fuses the expression into
# one loop must then copy the right side first, since the loop would otherwise
# read values it has already overwritten. Writing into a second array lets
# the fused loop store straight into it, as C++ does.
import sys
import time
import numpy as np
from parjit import jit


@jit
def init(u):
    n = u.shape[0]
    m = u.shape[1]
    i = np.arange(n).reshape((n, 1))
    j = np.arange(m).reshape((1, m))
    u[:, :] = (i * 7 + j * 3) % 11


@jit
def jacobi(u0, a, b, sweeps):
    """sweeps Jacobi sweeps: u0 -> a -> b -> a ... (the borders of a and b
    keep their values); returns the array holding the last one."""
    src = u0
    dst = a
    for s in range(sweeps):
        dst[1:-1, 1:-1] = 0.25 * (src[:-2, 1:-1] + src[2:, 1:-1] + src[1:-1, :-2] + src[1:-1, 2:])
        src = dst
        if s % 2 == 0:
            dst = b
        else:
            dst = a
    return src


@jit(parallel=True)
def jacobi_par(u0, a, b, sweeps):
    src = u0
    dst = a
    for s in range(sweeps):
        dst[1:-1, 1:-1] = 0.25 * (src[:-2, 1:-1] + src[2:, 1:-1] + src[1:-1, :-2] + src[1:-1, 2:])
        src = dst
        if s % 2 == 0:
            dst = b
        else:
            dst = a
    return src


def main():
    n = 2048
    sweeps = 10
    par = 0
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    if len(sys.argv) > 2:
        sweeps = int(sys.argv[2])
    if len(sys.argv) > 3:
        par = int(sys.argv[3])
    u = np.zeros((n, n))
    a = np.zeros((n, n))
    b = np.zeros((n, n))
    init(u)
    res = a
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        if par:
            res = jacobi_par(u, a, b, sweeps)
        else:
            res = jacobi(u, a, b, sweeps)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("jacobi", best, res.sum())


if __name__ == "__main__":
    main()
