# e2e: parallel float sums differ from serial
# A float reduction in a prange loop is added up chunk by chunk, in chunk
# order, with chunks fixed by the trip count: the same bits for every thread
# count and threading layer (the harness runs 8 combinations), though not
# the bits of a serial left-to-right sum.
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def harmonic(n):
    s = 0.0
    for i in prange(n):
        s += 1.0 / (i + 1)
    return s


@jit(parallel=True)
def dot(x, y):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i] * y[i]
    return s


def main():
    h = harmonic(3000000)
    print(h, abs(h - 15.4913) < 1e-3)
    n = 1000003
    x = np.zeros(n)
    y = np.zeros(n)
    for i in range(n):
        x[i] = 1.0 / (i + 1)
        y[i] = (i % 13) * 0.1
    d = dot(x, y)
    print(d, d > 0.0)


if __name__ == "__main__":
    main()
