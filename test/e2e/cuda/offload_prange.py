# prange loops offloaded to the GPU: @jit(parallel=True, target="cuda").
# A triad, a dot product (a reduction: block partials in shared memory,
# combined in block order) and a 2-D loop nest collapsed into one grid; the
# values are integers in float64, so every sum is exact in any order; a
# histogram (an integer array reduction) with atomic adds.
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


@jit(parallel=True, target="cuda")
def dot(a, b):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * b[i]
    return s


@jit(parallel=True, target="cuda")
def scale2d(m, out, k):
    for i in prange(m.shape[0]):
        for j in prange(m.shape[1]):
            out[i, j] = m[i, j] * k + i


@jit(parallel=True, target="cuda")
def histogram(x, bins):
    for i in prange(x.shape[0]):
        b = x[i] % bins.shape[0]
        bins[b] += 1         # an integer array reduction: atomic adds on the GPU


def main():
    n = 100003
    a = np.zeros(n)
    b = np.arange(n, dtype=np.float64)
    c = np.ones(n)
    triad(a, b, c, 2.0)
    print(a[:3], dot(b, c))
    m = np.ones((30, 40))
    out = np.zeros((30, 40))
    scale2d(m, out, 3.0)
    print(out.sum())
    bins = np.zeros(7, dtype=np.int64)
    histogram(np.arange(n), bins)
    print(bins)


main()
