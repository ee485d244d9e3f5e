# Mandelbrot under numba.cuda, the reference for bench/gpu/mandelbrot_*.py:
# the same kernel (one thread per pixel, 16x16 blocks, max_iter 256) writing
# a device array allocated once (no host<->device transfer in the timing).
# Numba lets NVVM contract a*b+c into FMAs, so a few pixels at the edge of
# the set may get other counts than parjit's (which does not contract).
# Prints: mandelbrot BEST_SECONDS CHECKSUM (the sum of the iteration counts).
# Timed: the launch and cuda.synchronize(). Usage: python3 mandelbrot_numba.py [n [timed_calls]]
import sys
import time

import numpy as np
from numba import cuda

TPB = 16


@cuda.jit
def mandelbrot(img, max_iter):
    x, y = cuda.grid(2)
    h = img.shape[0]
    w = img.shape[1]
    if y < h and x < w:
        c_re = -2.0 + 3.0 * x / w
        c_im = -1.5 + 3.0 * y / h
        z_re = 0.0
        z_im = 0.0
        n = 0
        while n < max_iter and z_re * z_re + z_im * z_im <= 4.0:
            z_re, z_im = z_re * z_re - z_im * z_im + c_re, 2.0 * z_re * z_im + c_im
            n += 1
        img[y, x] = n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 8192
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    img = cuda.device_array((n, n), dtype=np.int32)
    blocks = ((n + TPB - 1) // TPB, (n + TPB - 1) // TPB)
    cuda.synchronize()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        t0 = time.perf_counter()
        mandelbrot[blocks, (TPB, TPB)](img, 256)
        cuda.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("mandelbrot", best, int(img.copy_to_host().sum(dtype=np.int64)))


if __name__ == "__main__":
    main()
