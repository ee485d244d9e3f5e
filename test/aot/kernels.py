# Functions for the ahead-of-time test (test/aot/run.sh): parjit compile
# exports them into a shared library that test/aot/main.c calls.
import math
import numpy as np
from parjit import jit, prange


def norm(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return math.sqrt(s)


def saxpy(a, x, y):
    for i in range(x.shape[0]):
        y[i] = a * x[i] + y[i]


@jit(parallel=True)
def count_above(x, t):
    n = 0
    for i in prange(x.shape[0]):
        if x[i] > t:
            n += 1
    return n


def squares(n):
    out = np.zeros(n, dtype=np.int64)
    for i in range(n):
        out[i] = i * i
    return out


def bounds(x):
    lo = x[0, 0]
    hi = x[0, 0]
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            lo = min(lo, x[i, j])
            hi = max(hi, x[i, j])
    return lo, hi


def get(x, i):
    return x[i]
