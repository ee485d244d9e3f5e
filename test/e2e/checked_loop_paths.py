# Loops whose indices the up-front bounds check cannot clear (a negative
# index, a[i - 1] at i = 0) run their checked copy: returns, breaks, else
# clauses, arrays made in the loop and locals it assigns must all behave.
import numpy as np
from parjit import jit


@jit
def wrap_sum(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i - 1] * i
    return s


@jit
def find_first_wrapped(a, v):
    for i in range(a.shape[0]):
        if a[i - 1] == v:
            return i
    return -1


@jit
def until(a, limit):
    count = 0
    for i in range(a.shape[0]):
        if a[i - 2] > limit:
            break
        count += 1
    else:
        count = -count
    return count


@jit
def rows(a):
    last = np.zeros(2)
    total = 0.0
    for i in range(a.shape[0]):
        row = np.full(2, a[i - 1])
        last = row
        total += row[0] + row[1]
    return total, last


@jit
def nested(m):
    best = 0.0
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            v = m[i - 1, j - 1]
            if v > best:
                best = v
    return best


def main():
    a = np.arange(6, dtype=np.float64)
    print(wrap_sum(a), find_first_wrapped(a, 5.0), find_first_wrapped(a, 3.0), find_first_wrapped(a, 9.0))
    print(until(a, 10.0), until(a, 3.0))
    print(rows(a))
    m = np.zeros((3, 4))
    for i in range(3):
        for j in range(4):
            m[i, j] = i * 10 + j
    print(nested(m))


if __name__ == "__main__":
    main()
