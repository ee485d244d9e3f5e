# NumPy 1.24 promotion between scalars: float32 op float32 stays float32;
# a Python float or int acts as float64/int64, so float32 op 0.5 is float64.
import math
import numpy as np
from parjit import jit


@jit
def add(a, b):
    return a + b


@jit
def mul(a, b):
    return a * b


@jit
def div(a, b):
    return a / b


@jit
def sum32(a):
    s = np.float32(0.0)
    for i in range(a.shape[0]):
        s += a[i]
    return s


def main():
    x = np.float32(0.1)
    y = np.float32(0.2)
    print(x, y, add(x, y), mul(x, y), div(x, y))
    print(add(x, 0.2), mul(x, 3), div(np.float32(1.0), np.float32(3.0)), div(np.float32(1.0), 3.0))
    print(add(np.int16(1), x), add(np.int32(1), x), add(np.int8(1), x), add(np.uint16(1), x))
    print(add(x, np.float64(0.2)), add(np.float64(0.2), x), mul(np.uint8(3), x), mul(np.int64(3), x))
    a = np.full(10, 0.1, dtype=np.float32)
    print(sum32(a), a[0], a[0] * a[1], a[0] * 2.0)
    b = np.arange(1000, dtype=np.float32)
    for i in range(b.shape[0]):
        b[i] = b[i] * np.float32(0.001)
    print(sum32(b), b[999], b[1] + b[2])
    print(math.sqrt(np.float32(2.0)), np.float32(math.pi), float(np.float32(0.1)))
    z = np.float32(16777216.0)
    print(z + np.float32(1.0), z + 1.0, z + np.float32(2.0))


if __name__ == "__main__":
    main()
