# Integer literals above int64's range are uint64, as in Numba (hash and
# random-number constants); -9223372036854775808 is int64's least value.
import numpy as np


def splitmix64(x):
    z = x + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def fnv1a(values):
    h = np.uint64(0xCBF29CE484222325)
    for i in range(values.shape[0]):
        h = (h ^ np.uint64(values[i])) * np.uint64(0x100000001B3)
    return h


def main():
    print(splitmix64(np.uint64(1)), splitmix64(np.uint64(12345)))
    print(fnv1a(np.arange(10).astype(np.uint64)))
    print(-9223372036854775808, 18446744073709551615, 0xFFFFFFFFFFFFFFFF)
    a = np.arange(4).astype(np.uint64)
    print(a >> np.uint64(1), a * np.uint64(0x8000000000000001))


main()
