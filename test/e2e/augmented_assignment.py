# Augmented assignment on locals and array elements, every arithmetic operator.
import numpy as np
from parjit import jit


@jit
def int_ops(x):
    x += 7
    x -= 2
    x *= 3
    x //= 4
    x %= 10
    x **= 3
    return x


@jit
def float_ops(x):
    x += 0.5
    x -= 2
    x *= 1.5
    x /= 4
    x //= 0.25
    x %= 3.0
    x **= 0.5
    return x


@jit
def array_ops(a):
    a[0] += 1
    a[1] -= 2.5
    a[2] *= 4
    a[3] /= 8
    a[4] //= 3
    a[5] %= 4
    a[6] **= 2
    return a


def main():
    print(int_ops(5), int_ops(-13), int_ops(0))
    print(float_ops(5.0), float_ops(-3.25), float_ops(7))
    a = np.arange(7, dtype=np.float64)
    print(array_ops(a))
    b = np.arange(2, 9, dtype=np.int64)
    b[0] += 1
    b[2] *= 4
    b[4] //= 3
    b[5] %= 4
    b[6] **= 2
    print(b)
    m = np.ones((2, 2))
    m[1, 0] += 2.5
    m[-1, -1] *= -1
    print(m)
    i = 10
    i /= 4
    print(i)


if __name__ == "__main__":
    main()
