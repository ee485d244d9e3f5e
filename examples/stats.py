# Mean, variance, min and max of an array, mixing ints and floats.
import math
import numpy as np
from parjit import jit


@jit
def fill(a, seed):
    # A small linear congruential generator, kept within int64.
    x = seed
    for i in range(a.size):
        x = (x * 1103515245 + 12345) % 2147483648
        a[i] = x % 1000
    return x


@jit
def stats(a):
    n = len(a)
    total = 0
    lo = a[0]
    hi = a[0]
    for i in range(n):
        total += a[i]
        lo = min(lo, a[i])
        hi = max(hi, a[i])
    mean = total / n
    var = 0.0
    for i in range(n):
        d = a[i] - mean
        var += d * d
    var /= n
    return total, mean, math.sqrt(var), lo, hi


@jit
def n_items(a):
    return a.shape[0] * 2


@jit
def histogram(a, bins, width):
    h = np.zeros(bins, dtype=np.int64)
    for i in range(a.size):
        b = a[i] // width
        if b >= bins:
            b = bins - 1
        h[b] += 1
    return h


def main():
    a = np.empty(5000, dtype=np.int64)
    last = fill(a, 42)
    print("last state:", last)
    total, mean, std, lo, hi = stats(a)
    print("total", total, "mean", mean, "std", round(std, 6), "min", lo, "max", hi)
    print("half mean:", total // 2 / n_items(a), total % 7)
    h = histogram(a, 10, 100)
    print(h)
    print("first + last bin:", h[0] + h[-1])


if __name__ == "__main__":
    main()
