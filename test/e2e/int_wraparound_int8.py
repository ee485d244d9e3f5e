# Fixed-width integers wrap around: int8 arithmetic and stores into int8 arrays.
import numpy as np
from parjit import jit


@jit
def accumulate8(n, step):
    x = np.int8(0)
    for i in range(n):
        x = x + step
    return x


@jit
def store_wrapped(a):
    for i in range(a.shape[0]):
        a[i] = i * 37
    return a


def main():
    print(accumulate8(10, np.int8(20)), accumulate8(7, np.int8(-20)))
    print(np.int8(127) + np.int8(1), np.int8(-128) - np.int8(1), -np.int8(-128))
    a = np.zeros(8, dtype=np.int8)
    store_wrapped(a)
    print(a)
    b = np.zeros(4, dtype=np.int8)
    b[0] = 100
    b[0] += 100
    b[1] = b[0] * 2
    b[2] = np.int64(-129)
    b[3] = np.int8(64) * np.int8(2)
    print(b, b[0], b[3])


if __name__ == "__main__":
    main()
