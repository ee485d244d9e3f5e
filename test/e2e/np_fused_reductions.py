# Whole reductions of element-wise expressions compute each element as the
# reduction reads it (no temporary array when the operands are C-contiguous
# and of one shape; strided ones go through a temporary), in NumPy's order:
# float sums give NumPy's bits, serial and parallel.
import numpy as np
from parjit import jit


@jit
def reds(a, b, m):
    return (np.sum(a * b), (a * 0.5 + b).mean(), np.std(a - b), np.var(a * b), np.max(np.abs(a - b)),
            np.argmax(a * b), np.any(a > 0.999), np.all(a >= 0.0), np.sum(m[1:-1, ::2] * 2.0), np.mean(m.T * 3),
            np.sum(np.arange(100000) * 3), np.mean(np.arange(100001) % 7), (a * b).sum(axis=0), np.min(a + 1.0),
            np.prod(a[:10] + 1.0), np.sum(a.astype(np.float32) * 2.0))


@jit(parallel=True)
def preds(a, b):
    return np.sum(a * b), np.std(a - b)


def main():
    n = 250001
    a = np.linspace(0.0, 1.0, n)
    b = (np.arange(n) % 101) * 0.013
    m = (np.arange(300 * 400) % 37).reshape(300, 400) * 0.25
    print(reds(a, b, m))
    print(preds(a, b))


main()
