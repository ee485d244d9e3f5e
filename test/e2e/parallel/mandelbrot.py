# The mandelbrot: rows of irregular cost, one prange over rows.
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


@jit(parallel=True)
def checksum(img):
    s = 0
    for y in prange(img.shape[0]):
        for x in range(img.shape[1]):
            s += img[y, x] * (x + 1)
    return s


def main():
    img = np.zeros((40, 96), dtype=np.int32)
    mandelbrot(img, 80)
    print(checksum(img))
    for y in range(0, 40, 4):
        line = ""
        for x in range(0, 96, 2):
            print("#" if img[y, x] >= 80 else ("+" if img[y, x] > 8 else "."), end="")
        print()


if __name__ == "__main__":
    main()
