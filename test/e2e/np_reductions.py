# Reductions with NumPy's results: float sums in NumPy's pairwise order
# (bit for bit), axis= on 2-D and 3-D arrays, and the method forms.
import numpy as np


def main():
    m = np.arange(24.0).reshape(4, 6) * 0.1
    print(np.sum(m), m.sum(), np.prod(m[0] + 1), m.min(), m.max(), np.mean(m), np.std(m), np.var(m))
    print(np.argmin(m), np.argmax(m), (m > 1).any(), (m > -1).all(), np.any(m > 100), np.all(m > 1))
    print(m.sum(axis=0), m.sum(axis=1), m.sum(axis=-1), m.mean(axis=0), m.max(axis=1), m.min(axis=0))
    print(m.std(axis=0), m.var(axis=1), m.argmax(axis=0), m.argmin(axis=1), np.prod(m + 1, axis=0))
    print(np.cumsum(m), m.cumsum(axis=0), m.cumsum(axis=1))
    c = np.arange(60).reshape(3, 4, 5)
    print(c.sum(axis=0), c.sum(axis=1), c.sum(axis=2), c.max(axis=1), c.min(axis=2), c.sum())
    print(c.mean(axis=2), np.argmax(c, axis=1), c.prod(axis=0) % 1000, (c % 7 == 0).any(axis=2))
    # pairwise summation: many elements whose naive sum rounds differently
    # (x * x * x, not x ** 3: NumPy computes power with its own SIMD code on
    # AVX-512 machines, which differs from libm in the last bit)
    x = np.linspace(0.0, 1.0, 100001)
    x = x * x * x * 1e-3 + 0.1
    print(x.sum(), np.sum(x * x), x.mean(), x[::3].sum(), x[::-1].sum(), x.std())
    big = np.arange(40000.0).reshape(200, 200) * 0.1 + 0.01
    print(big.sum(), big.sum(axis=0)[:3], big.sum(axis=1)[-3:], big.T.sum(axis=1)[:3])
    f = (np.arange(30000) * 0.37).astype(np.float32)
    print(f.sum(), f.mean(), f.max())
    i = np.arange(1, 21)
    print(i.sum(), i.prod(), i.mean(), np.cumsum(i)[-1], i.std(), (i > 3).sum())
    b = np.arange(10) % 3 == 0
    print(b.sum(), b.any(), b.all(), np.mean(b))
    # reductions of element-wise expressions
    a = np.arange(8.0)
    print(np.sum(a * a), np.max(np.abs(a - 3.5)), (a * 2).mean(), np.dot(a, a), np.sum(a[1:] - a[:-1]))


main()
