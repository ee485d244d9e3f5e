# 2-D arrays: a[i, j] reads and writes, row-major order, shape of each axis.
import numpy as np
from parjit import jit


@jit
def matmul(a, b, c):
    n = a.shape[0]
    m = b.shape[1]
    k = a.shape[1]
    for i in range(n):
        for j in range(m):
            s = 0.0
            for p in range(k):
                s += a[i, p] * b[p, j]
            c[i, j] = s


@jit
def transpose(a):
    t = np.empty((a.shape[1], a.shape[0]))
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            t[j, i] = a[i, j]
    return t


def main():
    a = np.zeros((3, 4))
    for i in range(3):
        for j in range(4):
            a[i, j] = i * 10 + j
    print(a)
    b = transpose(a)
    print(b, b.shape)
    c = np.zeros((3, 3))
    matmul(a, b, c)
    print(c)
    print(c[0, 0], c[2, 1], c[1, 2] == c[2, 1])
    g = np.zeros((2, 3), dtype=np.int32)
    g[1, 2] = 7
    g[0, 0] = g[1, 2] * 3
    print(g)


if __name__ == "__main__":
    main()
