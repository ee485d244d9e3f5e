# CUDA: the Mandelbrot set, as in the Numba-CUDA examples: a device
# function returning the escape iteration, a 2-D grid over a uint8 image
# with a grid-stride loop in both dimensions (cuda.gridsize(2)), pixel
# sizes passed as float arguments. The iteration uses + - * only (exact
# IEEE, no FMA contraction in parjit); the counts printed were also checked
# in extended precision.
import numpy as np
from numba import cuda


@cuda.jit(device=True)
def mandel(x, y, max_iters):
    c_re = x
    c_im = y
    z_re = 0.0
    z_im = 0.0
    for i in range(max_iters):
        re2 = z_re * z_re
        im2 = z_im * z_im
        if re2 + im2 >= 4.0:
            return i
        z_im = 2.0 * z_re * z_im + c_im
        z_re = re2 - im2 + c_re
    return max_iters


@cuda.jit
def mandel_kernel(min_x, max_x, min_y, max_y, image, iters):
    height = image.shape[0]
    width = image.shape[1]
    pixel_size_x = (max_x - min_x) / width
    pixel_size_y = (max_y - min_y) / height
    start_x, start_y = cuda.grid(2)
    grid_x, grid_y = cuda.gridsize(2)
    for x in range(start_x, width, grid_x):
        real = min_x + x * pixel_size_x
        for y in range(start_y, height, grid_y):
            imag = min_y + y * pixel_size_y
            image[y, x] = mandel(real, imag, iters)


def main():
    image = np.zeros((48, 72), dtype=np.uint8)
    mandel_kernel[(4, 4), (8, 8)](-2.0, 1.0, -1.0, 1.0, image, 40)
    print(image.astype(np.int64).sum(), (image == 40).sum())
    print(image[24, ::6])
    print(image[::8, 36])
    for r in range(0, 48, 6):
        row = 0
        for c in range(0, 72, 4):
            row = row * 10 + int(image[r, c]) * 9 // 40
        print(row)


if __name__ == "__main__":
    main()
