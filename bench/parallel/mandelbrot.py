# Mandelbrot set on a 2048x2048 int32 image, max_iter 256, prange over rows
# (rows of very different cost: a test of load balancing).
# Prints: mandelbrot BEST_SECONDS CHECKSUM, the sum of the iteration counts
# (compare with bench/cpp/parallel/mandelbrot.cpp).
# An optional argument sets the image size (for a quick check against CPython).
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def mandelbrot(img, max_iter):
    h, w = img.shape
    for y in prange(h):
        for x in range(w):
            c_re = -2.0 + 3.0 * x / w
            c_im = -1.5 + 3.0 * y / h
            z_re = 0.0
            z_im = 0.0
            n = 0
            while n < max_iter and z_re * z_re + z_im * z_im <= 4.0:
                z_re, z_im = z_re * z_re - z_im * z_im + c_re, 2.0 * z_re * z_im + c_im
                n += 1
            img[y, x] = n


@jit
def total(img):
    s = 0
    for y in range(img.shape[0]):
        for x in range(img.shape[1]):
            s += img[y, x]
    return s


def main():
    n = 2048
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    img = np.zeros((n, n), dtype=np.int32)
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        mandelbrot(img, 256)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("mandelbrot", best, total(img))


if __name__ == "__main__":
    main()
