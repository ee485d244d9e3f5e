# float32 arrays: stores round to float32; float32 op float32 stays float32.
import numpy as np
from parjit import jit


@jit
def harmonic(a):
    for i in range(a.shape[0]):
        a[i] = 1.0 / (i + 1)


@jit
def dot32(a, b):
    s = np.float32(0.0)
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


@jit
def dot64(a, b):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * b[i]
    return s


def main():
    a = np.zeros(8, dtype=np.float32)
    harmonic(a)
    print(a)
    print(a[2], a[2] * a[2], a[2] + 0.0, dot32(a, a), dot64(a, a))
    b = np.zeros((2, 3), dtype=np.float32)
    b[0, 0] = 0.1
    b[1, 2] = 1e20
    b[0, 1] = 3.14159265358979
    print(b, b[0, 1])


if __name__ == "__main__":
    main()
