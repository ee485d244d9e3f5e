# Several return statements; returning from inside nested loops.
import numpy as np
from parjit import jit


@jit
def find(a, v):
    for i in range(a.shape[0]):
        if a[i] == v:
            return i
    return -1


@jit
def find2d(m, v):
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] == v:
                return i, j
    return -1, -1


@jit
def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def main():
    a = np.arange(10, 20)
    print(find(a, 15), find(a, 99), find(a, 10))
    m = np.zeros((3, 4), dtype=np.int64)
    m[2, 1] = 5
    print(find2d(m, 5), find2d(m, 7), find2d(m, 0))
    c = 0
    for n in range(1000):
        if is_prime(n):
            c += 1
    print(c, is_prime(1), is_prime(2), is_prime(7919))


if __name__ == "__main__":
    main()
