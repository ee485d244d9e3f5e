# CUDA: kernels and device functions declared with explicit Numba
# signature strings, as older tutorials write them
# (@cuda.jit("void(float32[:], float32[:], float32[:])"),
# "void(float64[:, :], float64[:, :], float64[:, :])", a device function
# with "float64(float64, float64)"): vector add, a naive float64 matrix
# product with one thread per output element on a rectangular shape, and
# a 2-D kernel with int32 arguments. Values are small integers: exact.
import numpy as np
from numba import cuda


@cuda.jit("void(float32[:], float32[:], float32[:])")
def vadd(a, b, c):
    i = cuda.grid(1)
    if i < c.size:
        c[i] = a[i] + b[i]


@cuda.jit("float64(float64, float64)", device=True)
def mul(x, y):
    return x * y


@cuda.jit("void(float64[:, :], float64[:, :], float64[:, :])")
def matmul(A, B, C):
    i, j = cuda.grid(2)
    if i < C.shape[0] and j < C.shape[1]:
        tmp = 0.0
        for k in range(A.shape[1]):
            tmp += mul(A[i, k], B[k, j])
        C[i, j] = tmp


@cuda.jit("void(int32[:, :], int32, int32)")
def fill_pattern(a, p, q):
    i, j = cuda.grid(2)
    if i < a.shape[0] and j < a.shape[1]:
        a[i, j] = (i * p + j * q) % 17


def main():
    n = 500
    a = np.arange(n, dtype=np.float32)
    b = (np.arange(n) % 7).astype(np.float32)
    c = np.zeros(n, dtype=np.float32)
    vadd[(n + 255) // 256, 256](a, b, c)
    print(c[:6], c.sum())

    A = ((np.arange(23 * 17) % 9) - 4).astype(np.float64).reshape(23, 17)
    B = ((np.arange(17 * 29) % 5) - 2).astype(np.float64).reshape(17, 29)
    C = np.zeros((23, 29))
    threads = (8, 8)
    blocks = ((23 + 7) // 8, (29 + 7) // 8)
    matmul[blocks, threads](A, B, C)
    print(C[0, :6], C.sum(), np.abs(C - A @ B).max())

    P = np.zeros((12, 9), dtype=np.int32)
    fill_pattern[(2, 2), (8, 8)](P, np.int32(5), np.int32(3))
    print(P[1], P.sum())


if __name__ == "__main__":
    main()
