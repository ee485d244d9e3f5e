import numpy as np
from parjit import jit


@jit
def shift_sum(a, off):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i + off]
    return s


def main():
    a = np.arange(8, dtype=np.float64)
    print(shift_sum(a, 0))
    print(shift_sum(a, 3))


if __name__ == "__main__":
    main()
