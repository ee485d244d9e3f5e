# Scalar reductions in prange loops: + - * min max | & ^ on ints and floats.
# The float sums add integers, so every order of addition gives the same bits.
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def stats(a):
    total = 0.0
    neg = 0.0
    lo = 1e300
    hi = -1e300
    for i in prange(a.shape[0]):
        total += a[i]
        neg -= a[i]
        lo = min(lo, a[i])
        hi = max(a[i], hi)
    return total, neg, lo, hi


@jit(parallel=True)
def int_reductions(n):
    s = 0
    p = 1
    anyodd = 0
    allbits = -1
    x = 0
    count = 0
    for i in prange(1, n + 1):
        s = s + i * i
        if i % 9973 == 0:
            p *= 3
        anyodd |= i & 1
        allbits &= i | 1
        x ^= i
        count += 1
    return s, p, anyodd, allbits, x, count


@jit(parallel=True)
def float_product(n):
    p = 1.0
    for i in prange(n):
        p *= 2.0 if i % 100 == 0 else 1.0
    return p


@jit(parallel=True)
def strided(a):
    s = 0
    for i in prange(a.shape[0] - 1, -1, -3):
        s += a[i]
    t = 0
    for i in prange(5, a.shape[0], 7):
        t += a[i]
    return s, t


def main():
    a = np.arange(-50000, 150001, dtype=np.float64)
    print(stats(a))
    print(int_reductions(100000))
    print(float_product(5000))
    print(strided(np.arange(100003, dtype=np.int64)))
    empty = np.zeros(0)
    print(stats(empty))


if __name__ == "__main__":
    main()
