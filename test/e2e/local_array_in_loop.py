# Arrays allocated inside loops and dropped each iteration (memory is reused).
import numpy as np
from parjit import jit


@jit
def work(n):
    total = 0.0
    for k in range(n):
        tmp = np.empty(1000)
        for i in range(1000):
            tmp[i] = (i + k) * 0.001
        total += tmp[999] - tmp[0]
    return total


@jit
def make_and_return(k):
    a = np.zeros(k)
    a[-1] = k
    return a


def main():
    print(work(2000))
    s = 0.0
    for k in range(1, 3000):
        a = make_and_return(k)
        s += a[k - 1]
    print(s)


if __name__ == "__main__":
    main()
