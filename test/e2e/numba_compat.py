# A script written for Numba runs unchanged: numba is an alias of parjit.
from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange


@njit(cache=True, nogil=True)
def total(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


@numba.jit(nopython=True)
def scale(a, k):
    for i in range(len(a)):
        a[i] *= k
    return a


def main():
    a = np.arange(10, dtype=np.float64)
    print(total(a))
    print(scale(a, 0.5))


if __name__ == "__main__":
    main()
