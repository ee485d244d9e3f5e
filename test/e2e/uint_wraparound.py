# Unsigned integers wrap modulo 2**bits; casts between widths truncate.
import numpy as np
from parjit import jit


@jit
def checksum16(a):
    s = np.uint16(0)
    for i in range(a.shape[0]):
        s = s * np.uint16(31) + a[i]
    return s


def main():
    print(np.uint8(3) - np.uint8(5), np.uint8(250) + np.uint8(10), np.uint16(65535) * np.uint16(2))
    a = np.arange(100, dtype=np.uint16)
    print(checksum16(a))
    u = np.zeros(4, dtype=np.uint32)
    u[0] = 4294967295
    u[1] = u[0] + np.uint32(2)
    u[2] = np.int64(-1)
    u[3] = 3000000000
    print(u, u[0] // np.uint32(2), u[3] % np.uint32(7))
    m = np.uint64(np.int64(-1))
    print(m, m // np.uint64(3), m - np.uint64(1), m + np.uint64(1))
    print(np.int8(np.int64(300)), np.uint8(np.int64(-1)), np.int16(np.int64(70000)), np.int32(np.int64(5000000000)))


if __name__ == "__main__":
    main()
