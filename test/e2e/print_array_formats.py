# NumPy's str() of arrays: common precision, padding, nan/inf, negatives, e-notation.
import math
import numpy as np
from parjit import jit


@jit
def fill_from(a, start, step):
    for i in range(a.shape[0]):
        a[i] = start + i * step
    return a


def main():
    print(fill_from(np.zeros(4), 0.0, 0.5))
    print(fill_from(np.zeros(4), -1.0, 0.75))
    print(fill_from(np.zeros(3), 0.1, 0.2))
    print(fill_from(np.zeros(4), 1.0, 1.0 / 3.0))
    print(fill_from(np.zeros(3), 1e-5, 1.0))
    print(fill_from(np.zeros(3), 1e8, 1e8))
    print(fill_from(np.zeros(3), 1e16, 1.0))
    print(fill_from(np.zeros(3), 123456.789, 1000.0))
    print(fill_from(np.zeros(5, dtype=np.int64), -100, 45))
    print(fill_from(np.zeros(3, dtype=np.int64), 9223372036854775807, -4611686018427387904))
    a = np.zeros(5)
    a[1] = math.nan
    a[2] = math.inf
    a[3] = -math.inf
    a[4] = -2.5
    print(a)
    b = np.zeros(3)
    b[1] = -0.0
    print(b, np.ones(1), np.zeros(0), np.zeros((0, 3)))
    c = np.zeros((2, 2))
    c[0, 0] = 1.5
    c[1, 1] = -1e-10
    print(c)
    print(fill_from(np.zeros(4, dtype=np.float32), 0.1, 0.1))


if __name__ == "__main__":
    main()
