# STREAM triad under CuPy, the reference for bench/gpu/triad_*.py.
#   default: the same kernel as CUDA C in a cupy.RawKernel (one thread per
#            element, 256 per block; NVRTC's defaults, so b + s * c may
#            become an FMA: exact here);
#   --lib:   CuPy's own way, an ElementwiseKernel computing a = b + s * c.
# Device arrays are allocated and filled once, before the timing, so no
# call moves data between host and device.
# Prints: triad BEST_SECONDS CHECKSUM (a[n-1] if every element is right,
# else minus the number of wrong elements). Timed: the launch and
# cupy.cuda.Device().synchronize(). Usage: python3 triad_cupy.py [n [timed_calls]] [--lib]
import sys
import time

import numpy as np

TPB = 256

SOURCE = r"""
extern "C" __global__ void triad(double *a, const double *b, const double *c, double s, long long n)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        a[i] = b[i] + s * c[i];
}
"""
KERNELS = ["triad"]


def main():
    import cupy as cp

    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    lib = "--lib" in sys.argv[1:]
    n = int(args[0]) if args else 1 << 28
    reps = int(args[1]) if len(args) > 1 else 5
    a = cp.zeros(n, dtype=cp.float64)
    b = cp.arange(n, dtype=cp.float64)
    c = cp.ones(n, dtype=cp.float64)
    if lib:
        op = cp.ElementwiseKernel("float64 b, float64 c, float64 s", "float64 a", "a = b + s * c", "triad_ew")

        def run():
            op(b, c, 3.0, a)
    else:
        kern = cp.RawKernel(SOURCE, "triad")
        blocks = (n + TPB - 1) // TPB

        def run():
            kern((blocks,), (TPB,), (a, b, c, np.float64(3.0), np.int64(n)))
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
    ha, hb, hc = cp.asnumpy(a), cp.asnumpy(b), cp.asnumpy(c)
    bad = int(np.count_nonzero(ha != hb + 3.0 * hc))
    print("triad", best, -1.0 * bad if bad else float(ha[n - 1]))


if __name__ == "__main__":
    main()
