# np.full and np.arange with explicit dtypes, including float steps.
import numpy as np
from parjit import jit


@jit
def make(n):
    a = np.full(n, 7, dtype=np.int32)
    b = np.full((2, n), 0.5)
    c = np.full(n, 2.5, dtype=np.float32)
    return a, b, c


def main():
    a, b, c = make(4)
    print(a, b, c)
    print(np.full(3, -1, dtype=np.int8), np.full(3, 300, dtype=np.int16), np.full(2, 1.5, dtype=np.float64))
    print(np.full((2, 2), 3), np.full(3, 2.0, dtype=np.int64))
    print(np.arange(5), np.arange(2, 8), np.arange(10, 0, -3), np.arange(0, 10, 4, dtype=np.int8))
    print(np.arange(5, dtype=np.float64), np.arange(0.0, 1.0, 0.25), np.arange(1.0, 0.0, -0.3))
    print(np.arange(0.0, 1.0, 0.1), np.arange(6, dtype=np.float32), np.arange(3, dtype=np.uint8))
    print(np.arange(0), np.arange(5, 2), np.arange(-3, 3, 2, dtype=np.float64))
    x = np.arange(1, 11, dtype=np.int64)
    s = 0
    for i in range(x.size):
        s += x[i]
    print(s, x[-1], x.shape)


if __name__ == "__main__":
    main()
