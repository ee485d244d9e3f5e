# Basic slicing makes views that share memory with their base; assignment
# to slices follows NumPy's overlap semantics.
import numpy as np
from parjit import jit


@jit
def reversed_view(a):
    return a[::-1]


@jit
def inner(a):
    return a[1:-1, 1:-1]


def main():
    m = np.arange(20.0).reshape(4, 5)
    print(m[1:-1, ::2], m[::-1, 1], m[2, :], m[:, -1], m[-1], m[::2, ::-2])
    print(m[..., 0], m[1, ...], m[:, None, 2], m[None, 0, :3], m[:, np.newaxis].shape)
    print(m.T, m.T[1:3], m.T.T is not None)
    print(m.shape, m.T.shape, m[1:, :2].shape, m.ndim, m.size, m.strides, m.T.strides, m.itemsize, m.nbytes)
    # views write through to their base
    v = m[1:3, 1:4]
    v[:, :] = -1.0
    v[0, 0] = 99.0
    print(m)
    col = m[:, 2]
    col += 100
    print(m)
    r = reversed_view(np.arange(6))
    print(r, r[1:4], r.strides)
    i = inner(m)
    i *= 0
    print(m, i)
    # out[:] = ... and np.copyto
    out = np.zeros(5)
    out[:] = np.arange(5) * 2
    print(out)
    np.copyto(out, np.ones(5) * 7)
    print(out)
    out[::2] = np.arange(3) - 10
    print(out)
    out[1:4] = 0.5
    print(out)
    # slices past the end are clipped, as in Python
    a = np.arange(10)
    print(a[5:100], a[-100:3], a[8:2], a[::-3], a[100:], a[-1::-4])
    # overlap: a source that reads the destination is copied first
    a = np.arange(10)
    a[1:] = a[:-1]
    print(a)
    a = np.arange(10)
    a[:-1] = a[1:]
    print(a)
    a = np.arange(10)
    a[::-1] = a
    print(a)
    f = np.arange(10.0)
    f[1:-1] = (f[:-2] + f[2:]) * 0.5 + f[1:-1]
    print(f)
    a = np.arange(10)
    a[1:] += a[:-1]
    print(a)
    u = np.arange(16.0).reshape(4, 4)
    w = u[1:, 1:]
    w += u[:-1, :-1]
    print(u)
    # a copy does not alias
    b = m.copy()
    b[0, 0] = -5
    print(m[0, 0], b[0, 0])


main()
