# Numba-style signatures on @jit: the calls match them, so the program runs.
import numpy as np
from parjit import jit


@jit("float64(float64[:, ::1])")
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            s += a[i, j]
    return s


@jit(["UniTuple(int64, 2)(int64, int64)", "Tuple(float64, float64)(float64, float64)"])
def divmod_(a, b):
    return a // b, a % b


@jit("void(f4[:], f4)")
def fill(a, v):
    for i in range(len(a)):
        a[i] = v


def main():
    print(total(np.ones((3, 4))))
    print(divmod_(17, 5), divmod_(-7.5, 2.0))
    a = np.zeros(3, dtype=np.float32)
    fill(a, np.float32(0.25))
    print(a)
    print(2 ** -1, 10 ** -3, (-2) ** -2, 2 ** 3)


if __name__ == "__main__":
    main()
