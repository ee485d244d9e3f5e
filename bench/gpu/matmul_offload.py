# Matrix product c = a @ b in float32 on the GPU as an offloaded prange loop
# nest: 4096x4096, @jit(parallel=True, target="cuda"). The prange loops over
# rows and columns are collapsed into one grid-stride iteration space (columns
# fastest); each iteration sums over k in order. Entries are small integers
# (|a| <= 3, |b| <= 5), so every partial sum is an integer below 2^24: the
# product is exact in float32.
# Prints: matmul BEST_SECONDS CHECKSUM, the weighted sum sum(c[i, j] * ((i * n
# + j) % 13 + 1)) in int64 (exact).
# Optional arguments: the size and the number of timed calls (default 5).
# Timed: the call, which returns when the kernel is done; a, b and c stay on
# the GPU between calls.
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def matmul(a, b, c):
    m = c.shape[0]
    n = c.shape[1]
    k = a.shape[1]
    for i in prange(m):
        for j in prange(n):
            acc = np.float32(0.0)
            for p in range(k):
                acc += a[i, p] * b[p, j]
            c[i, j] = acc


@jit
def checksum(c):
    n = c.shape[1]
    s = 0
    for i in range(c.shape[0]):
        for j in range(n):
            s += int(c[i, j]) * ((i * n + j) % 13 + 1)
    return s


def main():
    n = 4096
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    reps = 5
    if len(sys.argv) > 2:
        reps = int(sys.argv[2])
    a = (np.arange(n * n) % 7 - 3).astype(np.float32).reshape(n, n)
    b = (np.arange(n * n) * 3 % 11 - 5).astype(np.float32).reshape(n, n)
    c = np.zeros((n, n), dtype=np.float32)
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and uploads a and b)
        t0 = time.perf_counter()
        matmul(a, b, c)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("matmul", best, checksum(c))


if __name__ == "__main__":
    main()
