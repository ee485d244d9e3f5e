# Device-to-device copy bandwidth under numba.cuda, the yardstick for the GPU
# suite's triad (bench/gpu.py): dst.copy_to_device(src) (cuMemcpyDtoD) of
# n = 2^28 float64 (2 GiB) between device arrays allocated once. The runner
# counts 2 * 8 * n bytes per copy (read and written).
# Prints: copy BEST_SECONDS CHECKSUM (dst[n-1] if dst == src, else minus the
# number of wrong elements). Timed: the copy and cuda.synchronize().
# Usage: python3 copy_numba.py [n [timed_calls]]
import sys
import time

import numpy as np
from numba import cuda


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 28
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    hsrc = np.arange(n, dtype=np.float64)
    src = cuda.to_device(hsrc)
    dst = cuda.device_array(n, dtype=np.float64)
    cuda.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up
        t0 = time.perf_counter()
        dst.copy_to_device(src)
        cuda.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    h = dst.copy_to_host()
    bad = int(np.count_nonzero(h != hsrc))
    print("copy", best, -1.0 * bad if bad else float(h[n - 1]))


if __name__ == "__main__":
    main()
