# A prange loop that writes one array and reads another is independent only
# if the two do not overlap; called with the same array twice, parjit runs it
# on one thread, in order, which is what Python does.
import numpy as np
from parjit import jit, prange


@jit(parallel=True)
def shift(dst, src):
    for i in prange(1, dst.shape[0]):
        dst[i] = src[i - 1] + 1


def main():
    a = np.zeros(100000, dtype=np.int64)
    b = np.zeros(100000, dtype=np.int64)
    shift(b, a)
    print(b[99999], b[1], b[0])
    shift(a, a)
    print(a[99999], a[50000], a[1])


if __name__ == "__main__":
    main()
