# CUDA: a tiled matrix product in float32 on a 2-D grid: 16x16 tiles of
# each operand staged in shared memory, cuda.syncthreads() between loading a
# tile and using it. The entries are small integers, so the products are
# exact in any summation order and equal to a @ b.
import numpy as np
from parjit import cuda

TPB = 16


@cuda.jit
def matmul_tiled(a, b, c):
    sa = cuda.shared.array((TPB, TPB), np.float32)
    sb = cuda.shared.array((TPB, TPB), np.float32)
    col, row = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    m = c.shape[0]
    n = c.shape[1]
    k = a.shape[1]
    acc = np.float32(0.0)
    for t in range((k + TPB - 1) // TPB):
        ka = t * TPB + tx
        if row < m and ka < k:
            sa[ty, tx] = a[row, ka]
        else:
            sa[ty, tx] = np.float32(0.0)
        kb = t * TPB + ty
        if kb < k and col < n:
            sb[ty, tx] = b[kb, col]
        else:
            sb[ty, tx] = np.float32(0.0)
        cuda.syncthreads()
        for j in range(TPB):
            acc += sa[ty, j] * sb[j, tx]
        cuda.syncthreads()
    if row < m and col < n:
        c[row, col] = acc


def launch(a, b, c):
    blocks = ((c.shape[1] + TPB - 1) // TPB, (c.shape[0] + TPB - 1) // TPB)
    matmul_tiled[blocks, (TPB, TPB)](a, b, c)


def checksum(c):
    w = (np.arange(c.size) % 13 + 1).astype(np.float64).reshape(c.shape)
    return np.sum(c.astype(np.float64) * w)


def main():
    n = 64
    a = (np.arange(n * n) % 7 - 3).astype(np.float32).reshape(n, n)
    b = (np.arange(n * n) * 3 % 11 - 5).astype(np.float32).reshape(n, n)
    c = np.zeros((n, n), dtype=np.float32)
    launch(a, b, c)
    ref = a @ b
    print(c[0, 0], c[0, 1], c[17, 42], c[n - 1, n - 1])
    print(c.sum(), checksum(c), checksum(ref))
    print(np.abs(c - ref).max())

    # Sizes that are not multiples of the tile: partial tiles at the edges.
    a2 = (np.arange(20 * 40) % 5 - 2).astype(np.float32).reshape(20, 40)
    b2 = (np.arange(40 * 24) % 7 - 3).astype(np.float32).reshape(40, 24)
    c2 = np.zeros((20, 24), dtype=np.float32)
    launch(a2, b2, c2)
    print(c2[0, :6])
    print(checksum(c2), checksum(a2 @ b2), np.abs(c2 - a2 @ b2).max())


if __name__ == "__main__":
    main()
