# Device-to-device copy bandwidth with a parjit kernel, the yardstick for the
# GPU suite's triad when neither CuPy nor numba.cuda is there (bench/gpu.py
# takes the best copy it measured): dst[i] = src[i] on n = 2^28 float64, one
# thread per element, 256 per block. The runner counts 2 * 8 * n bytes per
# copy (read and written).
# Prints: copy BEST_SECONDS CHECKSUM (dst[n-1] if dst == src, else minus the
# number of wrong elements).
# Optional arguments: the size and the number of timed calls (default 5).
# Timed: the launch, which returns when the kernel is done.
import sys
import time
import numpy as np
from parjit import cuda, jit

TPB = 256


@cuda.jit
def copy(dst, src):
    i = cuda.grid(1)
    if i < dst.shape[0]:
        dst[i] = src[i]


@jit
def verify(dst, src):
    bad = 0
    for i in range(dst.shape[0]):
        if dst[i] != src[i]:
            bad += 1
    return bad


def main():
    n = 1 << 28
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    reps = 5
    if len(sys.argv) > 2:
        reps = int(sys.argv[2])
    src = np.arange(n, dtype=np.float64)
    dst = np.zeros(n)
    blocks = (n + TPB - 1) // TPB
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and uploads src)
        t0 = time.perf_counter()
        copy[blocks, TPB](dst, src)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    bad = verify(dst, src)
    if bad > 0:
        print("copy", best, -1.0 * bad)
    else:
        print("copy", best, dst[n - 1])


if __name__ == "__main__":
    main()
