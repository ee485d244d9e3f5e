# Matrix products of float matrices go through BLAS's gemm (OpenBLAS), as in
# NumPy; the values here are exact in binary, so every summation order agrees.
import numpy as np


def main():
    n = 200
    a = (np.arange(n * n) % 17).reshape(n, n) * 0.25 - 1.0
    b = (np.arange(n * n) % 13).reshape(n, n) * 0.5 + 0.125
    c = a @ b
    d = np.dot(a.T, b[:, ::2])  # non-contiguous operands are copied first
    print(c.sum(), c[3, 7], d.sum(), d[5, 9], d.shape)
    print((a.astype(np.float32) @ b.astype(np.float32))[:2, :3])
    print(a[:3, :4] @ b[:4, :2], np.zeros((0, 3)) @ np.ones((3, 2)), (np.ones((2, 0)) @ np.ones((0, 2))))


main()
