# NumPy 1.24 promotion between integer scalars of different widths and signs.
import numpy as np
from parjit import jit


@jit
def add(a, b):
    return a + b


@jit
def mul(a, b):
    return a * b


@jit
def ops(a, b):
    return a - b, a // b, a % b, a / b


def main():
    print(add(np.int8(100), np.int8(100)), add(np.int8(100), 100), add(np.int8(100), np.int16(100)))
    print(add(np.int8(-1), np.uint8(255)), add(np.uint8(200), np.uint8(100)), add(np.uint8(200), np.int16(100)))
    print(add(np.uint32(4000000000), np.int32(1000000000)), add(np.uint32(4000000000), np.uint32(1000000000)))
    print(add(np.uint64(1), np.int64(1)), add(np.uint64(1), 1), add(np.uint64(1), np.uint8(1)))
    print(mul(np.int16(300), np.int16(300)), mul(np.int16(300), np.int32(300)), mul(np.int32(100000), np.int32(100000)))
    print(ops(np.int8(-7), np.int8(2)), ops(np.uint8(7), np.uint8(2)), ops(np.int16(1), np.int16(3)))
    print(ops(np.int32(-100), 7), ops(np.int64(9), np.int8(-4)))
    print(np.int8(5) ** 2, np.int32(3) ** np.int32(3), np.uint8(2) ** np.uint8(9))


if __name__ == "__main__":
    main()
