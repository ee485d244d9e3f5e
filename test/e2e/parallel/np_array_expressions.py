# Array expressions, slice assignments and reductions in a parallel=True
# function run in chunks on all threads, with NumPy's results: the same
# bits whatever the thread count (float sums keep NumPy's block order), and
# NumPy's overlap semantics when a destination is also read.
import numpy as np
from parjit import jit


@jit(parallel=True)
def kernels(a, b, u):
    c = a * b + np.abs(a) * 2.0                # a new array, in chunks
    m = np.sqrt(np.abs(c)).reshape(300, 1000)  # 2-d: chunks of rows
    m[1:-1, 1:-1] = 0.25 * (m[:-2, 1:-1] + m[2:, 1:-1] + m[1:-1, :-2] + m[1:-1, 2:])  # overlaps: via a temporary
    u[1:] = u[:-1] * 0.5                       # overlaps too
    u += a                                     # in place
    u[::2] -= 1.0                              # strided view
    total = np.sum(c * 0.5)                    # blocks summed on all cores
    return c, m, total, m.sum(), u.mean(), c.max(), np.sum(m, axis=0)[:3]


def main():
    n = 300000
    a = np.linspace(-3.0, 3.0, n)
    b = np.linspace(0.0, 10.0, n) % 3.0 - 1.5  # (no sin/cos: NumPy's SIMD ones round differently)
    u = np.linspace(1.0, 2.0, n)
    c, m, total, msum, umean, cmax, cols = kernels(a, b, u)
    print(c[:3], c[-3:], m[150, 500:503], total, msum, umean, cmax, cols)
    print(u[:4], u[-4:], u.sum())


main()
