# prange with start/stop/step, nested prange (the inner one runs serially in
# each chunk), prange outside parallel=True (plain range), private arrays,
# calls to @jit functions, and an else clause.
import numpy as np
from parjit import jit, prange


@jit
def smooth(a, i):
    lo = max(i - 1, 0)
    hi = min(i + 1, a.shape[0] - 1)
    return (a[lo] + a[i] + a[hi]) / 3.0


@jit(parallel=True)
def rows(m):
    out = np.zeros((m.shape[0], m.shape[1]))
    for i in prange(m.shape[0]):
        row = np.zeros(m.shape[1])
        for j in range(m.shape[1]):
            row[j] = m[i, j] * 2.0
        for j in prange(m.shape[1]):
            out[i, j] = smooth(row, j)
    else:
        out[0, 0] = -1.0
    return out


@jit(parallel=True)
def every_third(a, start):
    for i in prange(start, a.shape[0], 3):
        a[i] = i * 10
    for i in prange(a.shape[0] - 2, 0, -3):
        a[i] = -i


@jit
def not_parallel(n):
    s = 0
    for i in prange(n):
        s = s * 2 + i
    return s


def main():
    m = np.zeros((6, 9))
    for i in range(6):
        for j in range(9):
            m[i, j] = i * 9 + j
    print(rows(m))
    a = np.zeros(20, dtype=np.int64)
    every_third(a, 1)
    print(a)
    print(not_parallel(20))


if __name__ == "__main__":
    main()
