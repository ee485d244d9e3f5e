import numpy as np
from parjit import jit


@jit
def row_sums(m, cols):
    out = np.zeros(m.shape[0])
    for i in range(m.shape[0]):
        for j in range(cols):
            out[i] += m[i, j]
    return out


def main():
    m = np.ones((3, 4))
    print(row_sums(m, 4))
    print(row_sums(m, 5))


if __name__ == "__main__":
    main()
