# CUDA: per-thread scratch in cuda.local.array: a 1-D median-of-9 filter
# (the window copied into a local array and insertion-sorted), the digits
# of an integer written into a local int32 array and read back reversed,
# and a 2-D local array used as a small matrix (3x3 products).
import numpy as np
from numba import cuda

WIN = 9
HALF = 4


@cuda.jit
def median_filter(x, out):
    i = cuda.grid(1)
    n = x.shape[0]
    if i >= n:
        return
    w = cuda.local.array(WIN, dtype=np.float32)
    for k in range(WIN):
        j = min(max(i + k - HALF, 0), n - 1)
        w[k] = x[j]
    for a in range(1, WIN):
        key = w[a]
        b = a - 1
        while b >= 0 and w[b] > key:
            w[b + 1] = w[b]
            b -= 1
        w[b + 1] = key
    out[i] = w[HALF]


@cuda.jit
def reverse_digits(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        digits = cuda.local.array(20, np.int32)
        v = x[i]
        nd = 0
        while True:
            digits[nd] = v % 10
            nd += 1
            v //= 10
            if v == 0:
                break
        r = 0
        for k in range(nd):
            r = r * 10 + digits[k]
        out[i] = r


@cuda.jit
def mat3_power(m, p, out):
    i = cuda.grid(1)
    if i >= m.shape[0]:
        return
    acc = cuda.local.array((3, 3), np.int64)
    tmp = cuda.local.array((3, 3), np.int64)
    for r in range(3):
        for c in range(3):
            acc[r, c] = 1 if r == c else 0
    for step in range(p):
        for r in range(3):
            for c in range(3):
                s = 0
                for k in range(3):
                    s += acc[r, k] * m[i, k, c]
                tmp[r, c] = s
        for r in range(3):
            for c in range(3):
                acc[r, c] = tmp[r, c]
    for r in range(3):
        for c in range(3):
            out[i, r, c] = acc[r, c]


def main():
    n = 200
    x = (((np.arange(n) * 37) % 19) * (np.arange(n) % 3 != 0)).astype(np.float32)
    out = np.zeros(n, dtype=np.float32)
    median_filter[4, 64](x, out)
    print(x[:12])
    print(out[:12], out.sum())

    v = (np.arange(100) * 12345 + 7).astype(np.int64)
    r = np.zeros(100, dtype=np.int64)
    reverse_digits[2, 64](v, r)
    print(v[:4], r[:4], r.sum())

    m = ((np.arange(40 * 9) % 5) - 2).astype(np.int64).reshape(40, 3, 3)
    p = np.zeros((40, 3, 3), dtype=np.int64)
    mat3_power[1, 64](m, 5, p)
    print(p[1])
    print(p.sum(), p[39].sum())


if __name__ == "__main__":
    main()
