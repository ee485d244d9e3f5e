# Arrays of np.bool_: store comparison results, count and combine them.
import numpy as np
from parjit import jit


@jit
def mark_even(a, flags):
    for i in range(a.shape[0]):
        flags[i] = a[i] % 2 == 0


@jit
def count(flags):
    c = 0
    for i in range(flags.shape[0]):
        if flags[i]:
            c += 1
    return c


@jit
def both(p, q, out):
    for i in range(p.shape[0]):
        out[i] = p[i] and not q[i]


def main():
    a = np.arange(10)
    flags = np.zeros(10, dtype=np.bool_)
    mark_even(a, flags)
    print(flags, count(flags))
    other = np.ones(10, dtype=np.bool_)
    other[3] = False
    other[4] = False
    out = np.empty(10, dtype=np.bool_)
    both(flags, other, out)
    print(out, count(out), out[4], not out[4])
    g = np.zeros((2, 3), dtype=np.bool_)
    g[1, 1] = True
    g[0, 2] = 5 > 3
    print(g, g[1, 1], g[0, 0])


if __name__ == "__main__":
    main()
