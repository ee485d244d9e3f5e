# Type annotations on parameters, returns and locals are accepted and checked.
# (The __future__ import keeps CPython from evaluating np.float64[:].)
from __future__ import annotations

import numpy as np
from parjit import jit


@jit
def total(a: np.float64[:], scale: float) -> float:
    s: float = 0.0
    for i in range(a.shape[0]):
        s += a[i] * scale
    return s


@jit
def count_above(m: np.int64[:, :], t: int) -> int:
    c: int = 0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            if m[i, j] > t:
                c += 1
    return c


def main():
    print(total(np.ones(4), 2.5))
    m = np.zeros((3, 3), dtype=np.int64)
    m[1, 1] = 5
    m[2, 0] = 9
    print(count_above(m, 4), count_above(m, 5))


if __name__ == "__main__":
    main()
