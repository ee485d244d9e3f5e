# A ~20-line kernel for the JIT latency benchmark (bench/latency.py): the
# time from source text to its first call, cold and from the disk cache.
import math
import numpy as np
from parjit import jit


@jit
def smooth_norm(x, width):
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(n):
        lo = max(i - width, 0)
        hi = min(i + width + 1, n)
        s = 0.0
        for j in range(lo, hi):
            s += x[j]
        out[i] = s / (hi - lo)
    total = 0.0
    for i in range(n):
        d = out[i] - x[i]
        total += d * d
    return math.sqrt(total / n)


def main():
    x = np.arange(1000, dtype=np.float64)
    print(smooth_norm(x, 3))


if __name__ == "__main__":
    main()
