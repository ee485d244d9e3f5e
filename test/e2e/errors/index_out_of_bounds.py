import numpy as np
from parjit import jit


@jit
def read(a, i):
    return a[i]


def main():
    a = np.zeros(10)
    print(read(a, 9))
    print(read(a, 10))
    print("not reached")


if __name__ == "__main__":
    main()
