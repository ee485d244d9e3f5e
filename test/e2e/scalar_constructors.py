# np.int8 ... np.uint64, np.float32, np.float64 called on scalars.
import numpy as np
from parjit import jit


@jit
def convert(x):
    return np.int8(x), np.int16(x), np.int32(x), np.int64(x), np.float32(x), np.float64(x)


@jit
def convert_unsigned(x):
    return np.uint8(x), np.uint16(x), np.uint32(x), np.uint64(x)


def main():
    print(convert(3.7))
    print(convert(-3.7))
    print(convert(100))
    print(convert(0.1))
    print(convert_unsigned(7), convert_unsigned(7.9), convert_unsigned(True))
    print(np.float32(1.0) / np.float32(7.0), np.float64(1.0) / np.float64(7.0))
    print(np.float32(123456789.0), np.float32(1e-8), np.float32(3.4e38), np.float32(2.5e-3))
    print(int(np.float32(2.7)), float(np.int32(-4)), float(np.float32(0.5)), np.float64(np.float32(0.1)))
    print(np.int64(True), np.float64(False), np.int32(np.float32(-1.5)))


if __name__ == "__main__":
    main()
