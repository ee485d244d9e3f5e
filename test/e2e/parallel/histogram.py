# hist[b] += 1 in a prange loop: an integer array reduction, privatized per
# thread and added in thread order, so the counts are exact.
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def histogram(data, nbins):
    hist = np.zeros(nbins, dtype=np.int64)
    for i in prange(data.shape[0]):
        hist[data[i] % nbins] += 1
    return hist


@jit(parallel=True)
def histogram2d(xs, ys, n):
    h = np.zeros((n, n), dtype=np.int32)
    for i in prange(xs.shape[0]):
        h[xs[i] % n, ys[i] % n] += 2
    return h


@jit
def fill(data, seed):
    x = seed
    for i in range(data.shape[0]):
        x = (x * 1103515245 + 12345) % 2147483648
        data[i] = x // 65536


def main():
    data = np.zeros(300000, dtype=np.int64)
    fill(data, 42)
    print(histogram(data, 16))
    xs = np.zeros(50000, dtype=np.int64)
    ys = np.zeros(50000, dtype=np.int64)
    fill(xs, 1)
    fill(ys, 2)
    print(histogram2d(xs, ys, 4))


if __name__ == "__main__":
    main()
