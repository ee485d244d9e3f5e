# Functions allocate arrays and return them; arrays are passed by reference.
import numpy as np
from parjit import jit


@jit
def linspace(a, b, n):
    out = np.empty(n)
    step = (b - a) / (n - 1)
    for i in range(n):
        out[i] = a + i * step
    return out


@jit
def scaled(x, k):
    y = np.empty(x.shape[0], dtype=np.float64)
    for i in range(x.shape[0]):
        y[i] = x[i] * k
    return y


@jit
def identity(n):
    m = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        m[i, i] = 1
    return m


@jit
def alias_write(a):
    b = a
    b[0] = 42.0
    return b


@jit
def two_arrays(n):
    return np.arange(n), np.ones(n)


def main():
    x = linspace(0.0, 1.0, 5)
    print(x)
    y = scaled(scaled(x, 2.0), 3)
    print(y, x[4])
    print(identity(3))
    z = alias_write(x)
    print(x[0], z[0])
    a, b = two_arrays(3)
    print(a, b)
    for i in range(3):
        t = scaled(x, i)
        print(t[4], end=" ")
    print()


if __name__ == "__main__":
    main()
