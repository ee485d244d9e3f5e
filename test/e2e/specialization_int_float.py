# One function called with ints, floats and arrays of different dtypes: each
# argument-type signature gets its own specialization.
import numpy as np
from parjit import jit


@jit
def double(x):
    return x + x


@jit
def halve(x):
    return x // 2


@jit
def first_plus(a, k):
    return a[0] + k


def main():
    print(double(3), double(3.5), double(True), double(np.int8(100)), double(np.float32(0.1)))
    print(halve(7), halve(7.0), halve(-7), halve(-7.5))
    print(first_plus(np.arange(3), 1), first_plus(np.ones(2), 1), first_plus(np.ones(2, dtype=np.int32), 0.5))
    print(first_plus(np.ones(2, dtype=np.float32), np.float32(0.5)), first_plus(np.ones(3, dtype=np.uint8), 1))
    print(double(double(2)), double(double(2.0)))


if __name__ == "__main__":
    main()
