import numpy as np
from parjit import jit


@jit
def all_positive(a):
    for i in range(a.shape[0]):
        assert a[i] > 0
    return True


def main():
    a = np.ones(5)
    print(all_positive(a))
    a[3] = -1.0
    print(all_positive(a))


if __name__ == "__main__":
    main()
