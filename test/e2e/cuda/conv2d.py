# CUDA: 2-D convolution of a float32 image with a small filter passed as
# an array: a direct kernel with zero padding, and a tiled kernel that
# loads a (16+2R) x (16+2R) input tile with its halo into shared memory
# (threads loop over the tile, since it is larger than the block), syncs,
# and convolves from shared memory. Image and filter hold small integers,
# so every product and sum is exact in float32.
import numpy as np
from numba import cuda

BS = 16
R = 2
TS = BS + 2 * R


@cuda.jit
def conv_direct(img, filt, out):
    y, x = cuda.grid(2)
    h, w = img.shape
    if y >= h or x >= w:
        return
    fh, fw = filt.shape
    ry = fh // 2
    rx = fw // 2
    acc = np.float32(0.0)
    for i in range(fh):
        for j in range(fw):
            yy = y + i - ry
            xx = x + j - rx
            if yy >= 0 and yy < h and xx >= 0 and xx < w:
                acc += img[yy, xx] * filt[i, j]
    out[y, x] = acc


@cuda.jit
def conv_tiled(img, filt, out):
    tile = cuda.shared.array((TS, TS), np.float32)
    ty = cuda.threadIdx.x
    tx = cuda.threadIdx.y
    y0 = cuda.blockIdx.x * BS - R
    x0 = cuda.blockIdx.y * BS - R
    h, w = img.shape
    for k in range(ty * BS + tx, TS * TS, BS * BS):
        ly = k // TS
        lx = k % TS
        gy = y0 + ly
        gx = x0 + lx
        if gy >= 0 and gy < h and gx >= 0 and gx < w:
            tile[ly, lx] = img[gy, gx]
        else:
            tile[ly, lx] = 0.0
    cuda.syncthreads()
    y = y0 + R + ty
    x = x0 + R + tx
    if y < h and x < w:
        acc = np.float32(0.0)
        for i in range(2 * R + 1):
            for j in range(2 * R + 1):
                acc += tile[ty + i, tx + j] * filt[i, j]
        out[y, x] = acc


def main():
    h, w = 40, 50
    img = ((np.arange(h * w) * 7 % 13) - 6).astype(np.float32).reshape(h, w)
    filt = np.array([[1, 0, -1, 0, 1],
                     [0, 2, 0, 2, 0],
                     [-1, 0, 4, 0, -1],
                     [0, 2, 0, 2, 0],
                     [1, 0, -1, 0, 1]], dtype=np.float32)
    out1 = np.zeros((h, w), dtype=np.float32)
    out2 = np.zeros((h, w), dtype=np.float32)
    grid = ((h + BS - 1) // BS, (w + BS - 1) // BS)
    conv_direct[grid, (BS, BS)](img, filt, out1)
    conv_tiled[grid, (BS, BS)](img, filt, out2)
    print(out1[0, :8])
    print(out1[h - 1, w - 8:])
    print(out1.sum(), np.abs(out1).sum(), (out1 == out2).all())
    box = np.ones((3, 3), dtype=np.float32)
    out3 = np.zeros((h, w), dtype=np.float32)
    conv_direct[grid, (BS, BS)](img, box, out3)
    print(out3[1, :8], out3.sum())


if __name__ == "__main__":
    main()
