import numpy as np
from parjit import jit


@jit
def write(a, i, v):
    a[i] = v


def main():
    a = np.zeros(10, dtype=np.int64)
    write(a, -10, 1)
    print(a)
    write(a, -11, 2)
    print(a)


if __name__ == "__main__":
    main()
