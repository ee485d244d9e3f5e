# reshape, ravel and ascontiguousarray give views of arrays that are C-contiguous
# at run time (a.T.T, a[:, None], a parameter), so writes reach the base; copies otherwise.
import numpy as np

def f(v):
    b = v.reshape(6)
    b[0] = 99

def main():
    a = np.arange(6).reshape(2, 3)
    b = a.ravel(); b[0] = 99
    c = a.T.T.reshape(6); c[1] = 98
    d = a[:, None].reshape(2, 3); d[1, 0] = 97
    print(a)
    e = np.arange(6).reshape(2, 3)
    f(e.T.T)
    print(e)
    g = e[:, ::2].reshape(4)   # not contiguous: a copy
    g[0] = -1
    h = np.ravel(e.T)          # a copy
    h[0] = -2
    k = np.ascontiguousarray(e[::1])
    k[0, 2] = -3
    print(e, g, h)
    z = np.zeros((0, 3))[:, ::2].ravel()
    print(z.shape)

main()
