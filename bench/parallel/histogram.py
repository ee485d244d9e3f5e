# Histogram, parallel: hist[data[i] & 255] += 1 over 2^25 int64 values, in a
# prange (parjit gives each thread a private copy of hist and adds them up).
# Prints: histogram BEST_SECONDS CHECKSUM, sum over bins of (b + 1) * hist[b]
# (compare with bench/cpp/parallel/histogram.cpp).
# An optional argument sets n (for a quick check against CPython).
import sys
import time
import numpy as np
from parjit import jit, prange


@jit
def init(data):
    # A 31-bit LCG (glibc's constants); the value is its top 15 bits, so that
    # the bins (bits 16..23 of the state) are not the short-period low bits.
    x = 12345
    for i in range(data.shape[0]):
        x = (x * 1103515245 + 12345) & 2147483647
        data[i] = x >> 16


@jit(parallel=True)
def histogram(data, hist):
    for b in range(hist.shape[0]):
        hist[b] = 0
    for i in prange(data.shape[0]):
        hist[data[i] & 255] += 1


@jit
def total(hist):
    s = 0
    for b in range(hist.shape[0]):
        s += (b + 1) * hist[b]
    return s


def main():
    n = 1 << 25
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    data = np.zeros(n, dtype=np.int64)
    hist = np.zeros(256, dtype=np.int64)
    init(data)
    best = 1e30
    for rep in range(6):  # the first run warms up
        t0 = time.perf_counter()
        histogram(data, hist)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("histogram", best, total(hist))


if __name__ == "__main__":
    main()
