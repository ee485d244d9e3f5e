# print with several arguments of different kinds, tuples and nested tuples.
import numpy as np
from parjit import jit


@jit
def pair(a, b):
    return a, b


@jit
def nested(x):
    return (x, (x + 1, x * 0.5)), x > 0


def main():
    print("ints:", 0, -1, 9223372036854775807, -9223372036854775807)
    print("floats:", 0.0, -1.5, 1e100, 2.0 ** -30)
    print("bools:", True, False, 1 == 1)
    print("tuple:", pair(1, 2.5), pair(True, -3))
    print(pair(0.1, 0.2))
    print(nested(3))
    print((1,), (2.5,))
    print(np.int8(-5), np.uint16(65535), np.float32(0.25), np.float64(1e-7), np.int64(-1))
    print(pair(np.float32(0.1), np.int16(7)))
    print("quote's", 'double "q"', "backslash\\", "unicode: \u00e9\u4e2d")
    print()


if __name__ == "__main__":
    main()
