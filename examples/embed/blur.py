# A 3x3 box blur of a grey image, compiled at run time by examples/embed/blur.cpp.
# It also runs under CPython (python3 blur.py) on a small test image.
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def blur(src, dst):
    h, w = src.shape
    for y in prange(h):
        for x in range(w):
            s = 0.0
            n = 0
            for dy in range(-1, 2):
                for dx in range(-1, 2):
                    yy = y + dy
                    xx = x + dx
                    if 0 <= yy < h and 0 <= xx < w:
                        s += src[yy, xx]
                        n += 1
            dst[y, x] = s / n


def histogram(img, bins):
    h = np.zeros(bins, dtype=np.int64)
    for y in range(img.shape[0]):
        for x in range(img.shape[1]):
            b = int(img[y, x] * bins)
            h[min(b, bins - 1)] += 1
    return h


if __name__ == "__main__":
    img = np.zeros((4, 5))
    img[1, 2] = 9.0
    out = np.zeros((4, 5))
    blur(img, out)
    print(out)
