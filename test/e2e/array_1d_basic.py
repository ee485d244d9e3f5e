# 1-D arrays: create, fill in a loop, reduce, pass to and mutate in functions.
import numpy as np
from parjit import jit


@jit
def fill_squares(a):
    for i in range(a.shape[0]):
        a[i] = i * i


@jit
def total(a):
    s = 0.0
    for i in range(len(a)):
        s += a[i]
    return s


@jit
def prefix_sum(a):
    for i in range(1, a.size):
        a[i] += a[i - 1]


def main():
    a = np.zeros(10)
    fill_squares(a)
    print(a)
    print(total(a), a[3], a[9])
    prefix_sum(a)
    print(a)
    b = np.ones(5, dtype=np.int64)
    prefix_sum(b)
    print(b, b[4] * 2)
    c = np.empty(4)
    for i in range(4):
        c[i] = 1.0 / (i + 1)
    print(c, total(c))


if __name__ == "__main__":
    main()
