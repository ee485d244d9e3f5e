# Arrays with more than 1000 elements print summarized with '...'.
import numpy as np
from parjit import jit


@jit
def fill(a):
    for i in range(a.size):
        a[i] = i * 0.5
    return a


@jit
def fill2(a):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] = i * a.shape[1] + j


def main():
    print(fill(np.zeros(1000))[999])
    print(fill(np.zeros(1001)))
    print(np.arange(2000))
    print(np.arange(1001, dtype=np.int8))
    m = np.zeros((40, 30), dtype=np.int64)
    fill2(m)
    print(m)
    big = np.zeros((3, 1000))
    fill2(big)
    print(big)
    print(np.ones(5000, dtype=np.bool_))


if __name__ == "__main__":
    main()
