# Every decorator form the parjit module accepts; prange outside parallel code.
import numpy as np
from parjit import jit, njit, prange


@jit(parallel=True)
def psum(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


@jit(fastmath=False, boundscheck=True, cache=False, nogil=True)
def square(x):
    return x * x


@njit
def cube(x):
    return x * x * x


@njit()
def inc(x):
    return x + 1


@jit("float64(float64, float64)")
def hyp2(x, y):
    return x * x + y * y


@jit(boundscheck=False)
def unchecked_total(a):
    t = 0
    for i in range(a.shape[0]):
        t += a[i]
    return t


def main():
    a = np.arange(100, dtype=np.float64)
    print(psum(a), square(3), square(1.5), cube(-2), inc(41))
    print(hyp2(3.0, 4.0), unchecked_total(np.arange(10)))
    s = 0
    for i in prange(5):
        s += i
    print(s)


if __name__ == "__main__":
    main()
