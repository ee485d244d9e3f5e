# assert statements that hold do nothing, with and without messages.
import numpy as np
from parjit import jit


@jit
def checked_mean(a):
    assert a.shape[0] > 0, "empty array"
    s = 0.0
    for i in range(a.shape[0]):
        assert a[i] >= 0
        s += a[i]
    return s / a.shape[0]


def main():
    a = np.arange(5, dtype=np.float64)
    print(checked_mean(a))
    assert 1 < 2
    assert checked_mean(a) == 2.0, "mean is wrong"
    x = 3
    assert x == 3 and x > 0, "x"
    print("all asserts passed")


if __name__ == "__main__":
    main()
