# 3-D arrays: a stencil over the interior of a cube.
import numpy as np
from parjit import jit


@jit
def init(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                a[i, j, k] = (i * 7 + j * 3 + k) % 5


@jit
def laplace(a, out):
    for i in range(1, a.shape[0] - 1):
        for j in range(1, a.shape[1] - 1):
            for k in range(1, a.shape[2] - 1):
                out[i, j, k] = (a[i - 1, j, k] + a[i + 1, j, k] + a[i, j - 1, k] + a[i, j + 1, k]
                                + a[i, j, k - 1] + a[i, j, k + 1] - 6.0 * a[i, j, k])


def main():
    a = np.zeros((4, 5, 6))
    init(a)
    out = np.zeros((4, 5, 6))
    laplace(a, out)
    print(a[1, 2, 3], out[2, 2, 2], out[1, 3, 4], out[0, 0, 0])
    print(a.shape, a.ndim, a.size)
    print(out)


if __name__ == "__main__":
    main()
