import numpy as np


def main():
    a = np.zeros(3, dtype=np.int64)
    b = np.array([1.5, np.nan])
    a[0] = b[0]
    print(a)
    a[1] = b[1]
    print(a)


main()
