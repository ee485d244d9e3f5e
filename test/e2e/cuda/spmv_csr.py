# CUDA: sparse matrix-vector products on a CSR matrix (int32 indptr and
# indices, float64 data) built on the host: one thread per row (scalar
# kernel), and one warp per row (vector kernel: lanes stride over the
# row's nonzeros, then a shfl_down_sync reduction). Then 20 power-method
# steps from a host loop (y = A x; x = y / ||y|| with the norm from a
# second kernel). Matrix entries are small integers; sums are exact until
# the normalisation, whose results are printed rounded.
import math
import numpy as np
from numba import cuda

FULL = 0xffffffff


@cuda.jit
def spmv_scalar(indptr, indices, data, x, y):
    row = cuda.grid(1)
    if row < y.shape[0]:
        acc = 0.0
        for k in range(indptr[row], indptr[row + 1]):
            acc += data[k] * x[indices[k]]
        y[row] = acc


@cuda.jit
def spmv_vector(indptr, indices, data, x, y):
    tid = cuda.grid(1)
    row = tid // 32
    lane = tid % 32
    acc = 0.0
    if row < y.shape[0]:
        for k in range(indptr[row] + lane, indptr[row + 1], 32):
            acc += data[k] * x[indices[k]]
    off = 16
    while off > 0:
        acc += cuda.shfl_down_sync(FULL, acc, off)
        off //= 2
    if lane == 0 and row < y.shape[0]:
        y[row] = acc


@cuda.jit
def sum_squares(y, out):
    i = cuda.grid(1)
    if i < y.shape[0]:
        cuda.atomic.add(out, 0, y[i] * y[i])


@cuda.jit
def scale(y, s, x):
    i = cuda.grid(1)
    if i < y.shape[0]:
        x[i] = y[i] * s


def build_csr(n):
    counts = np.zeros(n + 1, dtype=np.int32)
    for r in range(n):
        c = 0
        for j in range(n):
            if j == r or (r * 7 + j * 3) % 11 == 0 or abs(r - j) == 1:
                c += 1
        counts[r + 1] = c
    indptr = np.cumsum(counts).astype(np.int32)
    nnz = indptr[n]
    indices = np.zeros(nnz, dtype=np.int32)
    data = np.zeros(nnz)
    k = 0
    for r in range(n):
        for j in range(n):
            if j == r or (r * 7 + j * 3) % 11 == 0 or abs(r - j) == 1:
                indices[k] = j
                data[k] = 4.0 if j == r else float((r + j) % 3 + 1)
                k += 1
    return indptr, indices, data


def main():
    n = 200
    indptr, indices, data = build_csr(n)
    print(indptr[n], indptr[:6])
    x = ((np.arange(n) % 9) - 4).astype(np.float64)
    y1 = np.zeros(n)
    y2 = np.zeros(n)
    spmv_scalar[(n + 63) // 64, 64](indptr, indices, data, x, y1)
    spmv_vector[(n * 32 + 127) // 128, 128](indptr, indices, data, x, y2)
    print(y1[:8], y1.sum(), np.abs(y1 - y2).max())

    d_x = cuda.to_device(np.ones(n))
    d_y = cuda.device_array(n, dtype=np.float64)
    d_ip = cuda.to_device(indptr)
    d_ix = cuda.to_device(indices)
    d_dt = cuda.to_device(data)
    lam = 0.0
    for it in range(20):
        spmv_scalar[(n + 63) // 64, 64](d_ip, d_ix, d_dt, d_x, d_y)
        acc = np.zeros(1)
        sum_squares[(n + 63) // 64, 64](d_y, acc)
        lam = math.sqrt(acc[0])
        scale[(n + 63) // 64, 64](d_y, 1.0 / lam, d_x)
    print(round(lam, 6))
    xs = d_x.copy_to_host()
    print(np.rint(xs[:5] * 1e6) / 1e6)


if __name__ == "__main__":
    main()
