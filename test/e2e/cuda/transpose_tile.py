# CUDA: matrix transpose, naive and through a shared-memory tile padded
# by one column (TILE x TILE+1, against bank conflicts), on a rectangular
# float32 matrix whose sides are not multiples of the tile; blocks of
# TILE x ROWS threads that each move TILE/ROWS elements.
import numpy as np
from numba import cuda

TILE = 32
ROWS = 8
TILE1 = TILE + 1


@cuda.jit
def transpose_naive(a, out):
    i, j = cuda.grid(2)
    if i < a.shape[1] and j < a.shape[0]:
        out[i, j] = a[j, i]


@cuda.jit
def transpose_shared(a, out):
    tile = cuda.shared.array(shape=(TILE, TILE1), dtype=np.float32)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    bx = cuda.blockIdx.x * TILE
    by = cuda.blockIdx.y * TILE
    rows, cols = a.shape
    for k in range(0, TILE, ROWS):
        r = by + ty + k
        c = bx + tx
        if r < rows and c < cols:
            tile[ty + k, tx] = a[r, c]
    cuda.syncthreads()
    for k in range(0, TILE, ROWS):
        r = bx + ty + k
        c = by + tx
        if r < cols and c < rows:
            out[r, c] = tile[tx, ty + k]


def main():
    rows, cols = 70, 45
    a = (np.arange(rows * cols) % 1000).astype(np.float32).reshape(rows, cols)
    out1 = np.zeros((cols, rows), dtype=np.float32)
    tpb = (16, 16)
    bpg = ((cols + 15) // 16, (rows + 15) // 16)
    transpose_naive[bpg, tpb](a, out1)
    print((out1 == a.T).all(), out1[1, :5])

    d_a = cuda.to_device(a)
    d_out = cuda.device_array((cols, rows), dtype=np.float32)
    grid = ((cols + TILE - 1) // TILE, (rows + TILE - 1) // TILE)
    transpose_shared[grid, (TILE, ROWS)](d_a, d_out)
    out2 = d_out.copy_to_host()
    print((out2 == a.T).all(), out2[44, 60:], out2.sum())


if __name__ == "__main__":
    main()
