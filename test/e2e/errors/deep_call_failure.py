import numpy as np
from parjit import jit


@jit
def inner(a, i):
    return a[i] * 2


@jit
def middle(a, n):
    s = 0.0
    for i in range(n):
        s += inner(a, i)
    return s


def main():
    a = np.arange(6, dtype=np.float64)
    print("partial output is kept")
    print(middle(a, 6))
    print(middle(a, 7))


if __name__ == "__main__":
    main()
