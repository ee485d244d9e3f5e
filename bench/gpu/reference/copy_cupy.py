# Device-to-device copy bandwidth under CuPy, the yardstick for the GPU
# suite's triad (bench/gpu.py): cupy.copyto(dst, src) of n = 2^28 float64
# (2 GiB) between device arrays allocated once. The runner counts 2 * 8 * n
# bytes per copy (read and written).
# Prints: copy BEST_SECONDS CHECKSUM (dst[n-1] if dst == src, else minus the
# number of wrong elements). Timed: the copy and
# cupy.cuda.Device().synchronize(). Usage: python3 copy_cupy.py [n [timed_calls]]
import sys
import time


def main():
    import cupy as cp

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 28
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    src = cp.arange(n, dtype=cp.float64)
    dst = cp.zeros(n, dtype=cp.float64)
    dev = cp.cuda.Device()
    dev.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up
        t0 = time.perf_counter()
        cp.copyto(dst, src)
        dev.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    bad = int(cp.count_nonzero(dst != src))
    print("copy", best, -1.0 * bad if bad else float(dst[n - 1]))


if __name__ == "__main__":
    main()
