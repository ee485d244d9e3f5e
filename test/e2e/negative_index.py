# Negative indices count from the end on every axis.
import numpy as np
from parjit import jit


@jit
def ends(a):
    return a[0], a[-1], a[-2], a[-len(a)]


@jit
def corner_sum(m):
    return m[0, 0] + m[0, -1] + m[-1, 0] + m[-1, -1]


@jit
def reverse_in_place(a):
    n = a.shape[0]
    for i in range(n // 2):
        t = a[i]
        a[i] = a[-1 - i]
        a[-1 - i] = t


def main():
    a = np.arange(10)
    print(ends(a))
    m = np.arange(12, dtype=np.float64)
    print(ends(m))
    g = np.zeros((3, 4))
    for i in range(3):
        for j in range(4):
            g[i, j] = i * 4 + j
    print(corner_sum(g), g[-2, -3], g[1, -4])
    reverse_in_place(a)
    print(a)
    a[-3] = 100
    a[-10] += 5
    print(a)
    for i in range(-1, -4, -1):
        print(a[i], end=" ")
    print()


if __name__ == "__main__":
    main()
