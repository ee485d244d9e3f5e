# STREAM triad on the GPU as an offloaded prange loop: a[i] = b[i] + s * c[i]
# on n = 2^28 float64 (3 x 2 GiB), @jit(parallel=True, target="cuda").
# Prints: triad BEST_SECONDS CHECKSUM, where CHECKSUM is a[n-1] if every
# element is right (i + 3.0: exact), else minus the number of wrong elements.
# Optional arguments: the size and the number of timed calls (default 5).
# Timed: the call, which returns when the kernel is done; the arrays stay on
# the GPU between calls (no transfers).
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


@jit
def verify(a, b, c, s):
    bad = 0
    for i in range(a.shape[0]):
        if a[i] != b[i] + s * c[i]:
            bad += 1
    return bad


def main():
    n = 1 << 28
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    reps = 5
    if len(sys.argv) > 2:
        reps = int(sys.argv[2])
    a = np.zeros(n)
    b = np.arange(n, dtype=np.float64)
    c = np.ones(n)
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and uploads b and c)
        t0 = time.perf_counter()
        triad(a, b, c, 3.0)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    bad = verify(a, b, c, 3.0)
    if bad > 0:
        print("triad", best, -1.0 * bad)
    else:
        print("triad", best, a[n - 1])


if __name__ == "__main__":
    main()
