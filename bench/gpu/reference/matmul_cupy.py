# Float32 matrix product under CuPy, the reference for bench/gpu/matmul_*.py.
#   default: the same tiled kernel as CUDA C in a cupy.RawKernel (16x16
#            blocks, 16x16 tiles of a and b in shared memory);
#   --lib:   cupy.matmul(a, b, out=c), i.e. cuBLAS's sgemm (for scale: a
#            tuned library, not the same kernel).
# a and b are uploaded once, before the timing; c is a device array.
# Small-integer entries: the product is exact (FMA or not, any order).
# Prints: matmul BEST_SECONDS CHECKSUM, sum(c[i, j] * ((i * n + j) % 13 + 1))
# in int64. Timed: the launch and cupy.cuda.Device().synchronize().
# Usage: python3 matmul_cupy.py [n [timed_calls]] [--lib]
import sys
import time

import numpy as np

TPB = 16

SOURCE = r"""
#define TPB 16
extern "C" __global__ void matmul(const float *a, const float *b, float *c, int m, int n, int k)
{
    __shared__ float sa[TPB][TPB];
    __shared__ float sb[TPB][TPB];
    int col = blockIdx.x * TPB + threadIdx.x;
    int row = blockIdx.y * TPB + threadIdx.y;
    int tx = threadIdx.x, ty = threadIdx.y;
    float acc = 0.0f;
    for (int t = 0; t < (k + TPB - 1) / TPB; ++t) {
        int ka = t * TPB + tx;
        sa[ty][tx] = (row < m && ka < k) ? a[(long long)row * k + ka] : 0.0f;
        int kb = t * TPB + ty;
        sb[ty][tx] = (kb < k && col < n) ? b[(long long)kb * n + col] : 0.0f;
        __syncthreads();
        for (int j = 0; j < TPB; ++j)
            acc += sa[ty][j] * sb[j][tx];
        __syncthreads();
    }
    if (row < m && col < n)
        c[(long long)row * n + col] = acc;
}
"""
KERNELS = ["matmul"]


def inputs(n):
    a = (np.arange(n * n) % 7 - 3).astype(np.float32).reshape(n, n)
    b = (np.arange(n * n) * 3 % 11 - 5).astype(np.float32).reshape(n, n)
    return a, b


def checksum(c):
    w = (np.arange(c.size, dtype=np.int64) % 13 + 1).reshape(c.shape)
    return int((c.astype(np.int64) * w).sum())


def main():
    import cupy as cp

    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    lib = "--lib" in sys.argv[1:]
    n = int(args[0]) if args else 4096
    reps = int(args[1]) if len(args) > 1 else 5
    ha, hb = inputs(n)
    a = cp.asarray(ha)
    b = cp.asarray(hb)
    c = cp.zeros((n, n), dtype=cp.float32)
    if lib:
        def run():
            cp.matmul(a, b, out=c)
    else:
        kern = cp.RawKernel(SOURCE, "matmul")
        blocks = ((n + TPB - 1) // TPB, (n + TPB - 1) // TPB)

        def run():
            kern(blocks, (TPB, TPB), (a, b, c, np.int32(n), np.int32(n), np.int32(n)))
    dev = cp.cuda.Device()
    dev.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        t0 = time.perf_counter()
        run()
        dev.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("matmul", best, checksum(cp.asnumpy(c)))


if __name__ == "__main__":
    main()
