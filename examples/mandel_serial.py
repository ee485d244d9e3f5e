# A small Mandelbrot set, computed serially with while loops.
import numpy as np
from parjit import jit


@jit
def escape_time(cr, ci, max_iter):
    zr = 0.0
    zi = 0.0
    n = 0
    while n < max_iter:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            break
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        n += 1
    return n


@jit
def mandelbrot(img, x0, x1, y0, y1, max_iter):
    h = img.shape[0]
    w = img.shape[1]
    dx = (x1 - x0) / w
    dy = (y1 - y0) / h
    for j in range(h):
        ci = y0 + j * dy
        for i in range(w):
            img[j, i] = escape_time(x0 + i * dx, ci, max_iter)


@jit
def checksum(img):
    total = 0
    inside = 0
    for j in range(img.shape[0]):
        for i in range(img.shape[1]):
            total += img[j, i] * (i + 1) * (j + 1)
            if img[j, i] == 100:
                inside += 1
    return total, inside


def main():
    img = np.zeros((24, 64), dtype=np.int32)
    mandelbrot(img, -2.0, 1.0, -1.25, 1.25, 100)
    total, inside = checksum(img)
    print("checksum:", total, "inside:", inside)
    for j in range(img.shape[0]):
        for i in range(img.shape[1]):
            if img[j, i] == 100:
                print("#", end="")
            else:
                print(".", end="")
        print()


if __name__ == "__main__":
    main()
