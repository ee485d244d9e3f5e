# CUDA: Jacobi iteration for the Laplace equation on a 2-D grid, launched
# 100 times from a host loop with the two device arrays swapped after each
# step (the data stays on the device between launches), a 5-point stencil
# kernel that stages an 8x8 tile plus a one-cell halo in shared memory,
# and a max-residual kernel with atomic.max on float64. The values are
# printed rounded; the arithmetic is + and * 0.25 only, the same on any
# device.
import numpy as np
from numba import cuda

TB = 8
TBH = TB + 2


@cuda.jit
def jacobi_step(u, unew):
    i, j = cuda.grid(2)
    n, m = u.shape
    if i > 0 and i < n - 1 and j > 0 and j < m - 1:
        unew[i, j] = 0.25 * (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1])


@cuda.jit
def jacobi_step_shared(u, unew):
    tile = cuda.shared.array((TBH, TBH), np.float64)
    i, j = cuda.grid(2)
    ti = cuda.threadIdx.x + 1
    tj = cuda.threadIdx.y + 1
    n, m = u.shape
    inside = i < n and j < m
    if inside:
        tile[ti, tj] = u[i, j]
        if ti == 1 and i > 0:
            tile[0, tj] = u[i - 1, j]
        if ti == TB and i < n - 1:
            tile[TB + 1, tj] = u[i + 1, j]
        if tj == 1 and j > 0:
            tile[ti, 0] = u[i, j - 1]
        if tj == TB and j < m - 1:
            tile[ti, TB + 1] = u[i, j + 1]
    cuda.syncthreads()
    if inside and i > 0 and i < n - 1 and j > 0 and j < m - 1:
        if ti == TB or i == n - 2:
            down = u[i + 1, j]
        else:
            down = tile[ti + 1, tj]
        if tj == TB or j == m - 2:
            right = u[i, j + 1]
        else:
            right = tile[ti, tj + 1]
        unew[i, j] = 0.25 * (tile[ti - 1, tj] + down + tile[ti, tj - 1] + right)


@cuda.jit
def max_diff(a, b, out):
    i, j = cuda.grid(2)
    if i < a.shape[0] and j < a.shape[1]:
        cuda.atomic.max(out, 0, abs(a[i, j] - b[i, j]))


def solve(use_shared, n, iters):
    u = np.zeros((n, n))
    u[0, :] = 100.0
    u[:, 0] = 50.0
    d_u = cuda.to_device(u)
    d_v = cuda.to_device(u)
    blocks = ((n + TB - 1) // TB, (n + TB - 1) // TB)
    for it in range(iters + 1):
        if use_shared:
            jacobi_step_shared[blocks, (TB, TB)](d_u, d_v)
        else:
            jacobi_step[blocks, (TB, TB)](d_u, d_v)
        if it < iters:
            d_u, d_v = d_v, d_u
    res = np.zeros(1)
    max_diff[blocks, (TB, TB)](d_u, d_v, res)
    cuda.synchronize()
    return d_u.copy_to_host(), res[0]


def main():
    n = 24
    u1, r1 = solve(False, n, 100)
    u2, r2 = solve(True, n, 100)
    print(np.rint(u1[1, 1:6] * 1e6) / 1e6)
    print(np.rint(u1[n // 2, ::4] * 1e6) / 1e6)
    print(round(u1.sum(), 4), round(r1, 8))
    print(np.abs(u1 - u2).max(), r1 == r2)


if __name__ == "__main__":
    main()
