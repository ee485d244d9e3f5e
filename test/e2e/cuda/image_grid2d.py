# CUDA: 2-D grids over images, as in the Numba-CUDA documentation:
# threadsperblock as a tuple, blockspergrid from math.ceil, x, y =
# cuda.grid(2), an RGB image as a 3-D uint8 array turned to grayscale with
# integer weights, a threshold into a bool image, a box blur of the gray
# image with clamped borders (integer sums), and an in-place invert.
import math
import numpy as np
from numba import cuda


@cuda.jit
def to_gray(rgb, gray):
    x, y = cuda.grid(2)
    if x < gray.shape[0] and y < gray.shape[1]:
        r = np.int32(rgb[x, y, 0])
        g = np.int32(rgb[x, y, 1])
        b = np.int32(rgb[x, y, 2])
        gray[x, y] = (77 * r + 150 * g + 29 * b) >> 8


@cuda.jit
def threshold(gray, level, mask):
    x, y = cuda.grid(2)
    if x < gray.shape[0] and y < gray.shape[1]:
        mask[x, y] = gray[x, y] > level


@cuda.jit
def box_blur(src, dst):
    row, col = cuda.grid(2)
    h, w = src.shape
    if row >= h or col >= w:
        return
    acc = 0
    for dy in range(-1, 2):
        for dx in range(-1, 2):
            r = min(max(row + dy, 0), h - 1)
            c = min(max(col + dx, 0), w - 1)
            acc += src[r, c]
    dst[row, col] = acc // 9


@cuda.jit
def invert(img):
    x, y = cuda.grid(2)
    if x < img.shape[0] and y < img.shape[1]:
        img[x, y] = 255 - img[x, y]


def main():
    h, w = 37, 45
    rgb = np.zeros((h, w, 3), dtype=np.uint8)
    ii = np.arange(h * w).reshape(h, w)
    rgb[:, :, 0] = (ii * 7) % 256
    rgb[:, :, 1] = (ii * 13 + 5) % 256
    rgb[:, :, 2] = (ii // 3) % 256
    gray = np.zeros((h, w), dtype=np.uint8)

    threadsperblock = (16, 8)
    blockspergrid_x = math.ceil(h / threadsperblock[0])
    blockspergrid_y = math.ceil(w / threadsperblock[1])
    blockspergrid = (blockspergrid_x, blockspergrid_y)
    to_gray[blockspergrid, threadsperblock](rgb, gray)
    print(gray[0, :8])
    print(gray.sum(), gray.max(), gray.min())

    mask = np.zeros((h, w), dtype=np.bool_)
    threshold[blockspergrid, threadsperblock](gray, 128, mask)
    print(mask.sum(), mask[3, :10])

    blurred = np.zeros((h, w), dtype=np.int32)
    box_blur[blockspergrid, threadsperblock](gray, blurred)
    print(blurred[0, :6], blurred[h - 1, w - 6:])
    print(blurred.sum())

    invert[blockspergrid, threadsperblock](gray)
    print(gray[0, :8], gray.sum())


if __name__ == "__main__":
    main()
