# Matrix product c = a @ b in float32 on the CPU, the CPU column of the GPU
# suite's matmul (bench/gpu.py): parjit's `a @ b`, which calls BLAS's sgemm
# (OpenBLAS, all its threads; see `parjit info`). The same inputs and checksum
# as bench/gpu/matmul_kernel.py: small-integer entries, so the product is
# exact; the weighted sum sum(c[i, j] * ((i * n + j) % 13 + 1)) in int64.
# Prints: matmul BEST_SECONDS CHECKSUM.
# Optional arguments: n and the number of timed calls (5).
import sys
import time
import numpy as np
from parjit import jit


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
    for rep in range(reps + 1):  # the first run warms up
        t0 = time.perf_counter()
        c = a @ b
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("matmul", best, checksum(c))


if __name__ == "__main__":
    main()
