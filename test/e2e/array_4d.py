# 4-D arrays: indexing with four subscripts and shape arithmetic.
import numpy as np
from parjit import jit


@jit
def fill(a):
    n = 0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            for k in range(a.shape[2]):
                for l in range(a.shape[3]):
                    a[i, j, k, l] = n
                    n += 1
    return n


@jit
def trace4(a):
    s = 0
    m = min(a.shape[0], a.shape[1], a.shape[2], a.shape[3])
    for i in range(m):
        s += a[i, i, i, i]
    return s


def main():
    a = np.zeros((2, 3, 4, 5), dtype=np.int64)
    print(fill(a), a.ndim, a.size, a.shape)
    print(a[1, 2, 3, 4], a[0, 1, 2, 3], a[-1, -1, -1, -1], trace4(a))
    print(a)
    b = np.ones((1, 1, 1, 3), dtype=np.float32)
    b[0, 0, 0, 1] = 2.5
    print(b, b.shape)


if __name__ == "__main__":
    main()
