# np.zeros, np.ones and np.empty for every supported dtype and shape form.
import numpy as np
from parjit import jit


@jit
def ones_total(n):
    a = np.ones(n, dtype=np.int32)
    s = 0
    for i in range(n):
        s += a[i]
    return s


def main():
    print(np.zeros(3), np.ones(3), np.zeros((2, 2)), np.ones((1, 3)))
    print(np.zeros(3, dtype=np.int8), np.zeros(3, dtype=np.int16), np.zeros(3, dtype=np.int32), np.zeros(3, dtype=np.int64))
    print(np.ones(3, dtype=np.uint8), np.ones(3, dtype=np.uint16), np.ones(3, dtype=np.uint32), np.ones(3, dtype=np.uint64))
    print(np.ones(3, dtype=np.float32), np.zeros(3, dtype=np.float64), np.ones(2, dtype=np.bool_), np.zeros(2, dtype=np.bool_))
    print(np.zeros((2, 3, 2), dtype=np.int32))
    e = np.empty((2, 3), dtype=np.int16)
    for i in range(2):
        for j in range(3):
            e[i, j] = -(i + j)
    print(e, ones_total(1000))
    n = 4
    print(np.zeros(n + 1), np.ones((n, 1), dtype=np.int64))


if __name__ == "__main__":
    main()
