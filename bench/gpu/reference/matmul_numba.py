# Tiled float32 matrix product under numba.cuda, the reference for
# bench/gpu/matmul_*.py: the same kernel (16x16 blocks, 16x16 tiles of a and
# b in shared memory) on device arrays uploaded once, before the timing.
# Small-integer entries: the product is exact (FMA or not).
# Prints: matmul BEST_SECONDS CHECKSUM, sum(c[i, j] * ((i * n + j) % 13 + 1))
# in int64. Timed: the launch and cuda.synchronize().
# Usage: python3 matmul_numba.py [n [timed_calls]]
import sys
import time

import numpy as np
from numba import cuda, float32

TPB = 16


@cuda.jit
def matmul(a, b, c):
    sa = cuda.shared.array((TPB, TPB), float32)
    sb = cuda.shared.array((TPB, TPB), float32)
    col, row = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    m = c.shape[0]
    n = c.shape[1]
    k = a.shape[1]
    acc = float32(0.0)
    for t in range((k + TPB - 1) // TPB):
        ka = t * TPB + tx
        if row < m and ka < k:
            sa[ty, tx] = a[row, ka]
        else:
            sa[ty, tx] = float32(0.0)
        kb = t * TPB + ty
        if kb < k and col < n:
            sb[ty, tx] = b[kb, col]
        else:
            sb[ty, tx] = float32(0.0)
        cuda.syncthreads()
        for j in range(TPB):
            acc += sa[ty, j] * sb[j, tx]
        cuda.syncthreads()
    if row < m and col < n:
        c[row, col] = acc


def inputs(n):
    a = (np.arange(n * n) % 7 - 3).astype(np.float32).reshape(n, n)
    b = (np.arange(n * n) * 3 % 11 - 5).astype(np.float32).reshape(n, n)
    return a, b


def checksum(c):
    w = (np.arange(c.size, dtype=np.int64) % 13 + 1).reshape(c.shape)
    return int((c.astype(np.int64) * w).sum())


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    ha, hb = inputs(n)
    a = cuda.to_device(ha)
    b = cuda.to_device(hb)
    c = cuda.device_array((n, n), dtype=np.float32)
    blocks = ((n + TPB - 1) // TPB, (n + TPB - 1) // TPB)
    cuda.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        t0 = time.perf_counter()
        matmul[blocks, (TPB, TPB)](a, b, c)
        cuda.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("matmul", best, checksum(c.copy_to_host()))


if __name__ == "__main__":
    main()
