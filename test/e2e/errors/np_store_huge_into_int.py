import numpy as np


def main():
    a = np.zeros(3, dtype=np.int64)
    u = np.zeros(2, dtype=np.uint64)
    u[1] = 1e19
    a[2] = -1.9
    print(a, u)
    a[0] = 1e20


main()
