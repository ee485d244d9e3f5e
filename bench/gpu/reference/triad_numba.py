# STREAM triad under numba.cuda, the reference for bench/gpu/triad_*.py:
# the same kernel (one thread per element, 256 per block) on device arrays
# allocated and filled once, before the timing, so no call moves data
# between host and device (as in parjit, whose runtime moves an array only
# when the other side's copy is stale).
# Prints: triad BEST_SECONDS CHECKSUM (a[n-1] if every element is right,
# else minus the number of wrong elements). Timed: the launch and
# cuda.synchronize(). Usage: python3 triad_numba.py [n [timed_calls]]
# (NUMBA_ENABLE_CUDASIM=1 runs it in Numba's simulator, small n only).
import sys
import time

import numpy as np
from numba import cuda

TPB = 256


@cuda.jit
def triad(a, b, c, s):
    i = cuda.grid(1)
    if i < a.shape[0]:
        a[i] = b[i] + s * c[i]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 28
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    hb = np.arange(n, dtype=np.float64)
    hc = np.ones(n)
    a = cuda.device_array(n, dtype=np.float64)
    b = cuda.to_device(hb)
    c = cuda.to_device(hc)
    blocks = (n + TPB - 1) // TPB
    cuda.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        t0 = time.perf_counter()
        triad[blocks, TPB](a, b, c, 3.0)
        cuda.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    ha = a.copy_to_host()
    bad = int(np.count_nonzero(ha != hb + 3.0 * hc))
    print("triad", best, -1.0 * bad if bad else float(ha[n - 1]))


if __name__ == "__main__":
    main()
