# shape, ndim, size and len() of arrays of each rank.
import numpy as np
from parjit import jit


@jit
def describe(a):
    return a.ndim, a.size, len(a)


@jit
def dims2(a):
    rows, cols = a.shape
    return rows, cols, rows * cols == a.size


def main():
    a = np.zeros(7)
    b = np.zeros((3, 5))
    c = np.zeros((2, 3, 4), dtype=np.int32)
    e = np.zeros(0)
    print(describe(a), describe(b), describe(c), describe(e))
    print(a.shape, b.shape, c.shape, e.shape)
    print(dims2(b), b.shape[0], b.shape[1], b.shape[-1], c.shape[2])
    s = c.shape
    print(s, len(s))
    n, m, k = c.shape
    print(n * m * k)


if __name__ == "__main__":
    main()
