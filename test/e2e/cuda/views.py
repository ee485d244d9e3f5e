# CUDA: kernels on slices and views passed from the host: an interior
# a[1:-1, 1:-1], every other element x[::2], a reversed view x[::-1], a
# column m[:, 3], a row m[2], a transposed matrix m.T, a view with a None
# axis and a reshaped array; writes through a view change the base array.
import numpy as np
from numba import cuda


@cuda.jit
def add_one_2d(a):
    i, j = cuda.grid(2)
    if i < a.shape[0] and j < a.shape[1]:
        a[i, j] += 1.0


@cuda.jit
def copy_1d(src, dst):
    i = cuda.grid(1)
    if i < src.shape[0]:
        dst[i] = src[i]


@cuda.jit
def index_times(a):
    i = cuda.grid(1)
    if i < a.size:
        a[i] = a[i] * 10 + i


@cuda.jit
def row_sums(m, out):
    i = cuda.grid(1)
    if i < m.shape[0]:
        s = 0.0
        for j in range(m.shape[1]):
            s += m[i, j]
        out[i] = s


def main():
    a = np.zeros((10, 12))
    inner = a[1:-1, 1:-1]
    add_one_2d[(1, 1), (16, 16)](inner)
    add_one_2d[(1, 1), (16, 16)](a[::3, ::4])
    print(a.sum(), a[0, :6], a[3, :6])

    x = np.arange(20, dtype=np.int64)
    y = np.zeros(10, dtype=np.int64)
    copy_1d[1, 32](x[::2], y)
    print(y)
    z = np.zeros(20, dtype=np.int64)
    copy_1d[1, 32](x[::-1], z)
    print(z[:5], z[-5:])
    copy_1d[1, 32](x[15:], x[:5])
    print(x)

    m = np.arange(30, dtype=np.float64).reshape(5, 6)
    col = m[:, 3]
    index_times[1, 32](col)
    print(m[:, 3])
    index_times[1, 32](m[2])
    print(m[2])

    rs = np.zeros(6)
    row_sums[1, 32](m.T, rs)
    print(rs, m.sum(axis=0))
    rs2 = np.zeros(5)
    row_sums[1, 32](m[:, ::-1][:, :2], rs2)
    print(rs2)

    v = np.arange(12, dtype=np.float64)
    rs3 = np.zeros(3)
    row_sums[1, 32](v.reshape(3, 4), rs3)
    print(rs3)
    rs4 = np.zeros(12)
    row_sums[1, 32](v[:, None], rs4)
    print(rs4[:4])


if __name__ == "__main__":
    main()
