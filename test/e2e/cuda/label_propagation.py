# CUDA: connected components of an undirected graph by label propagation,
# iterated from a host loop until a kernel reports no change: one thread
# per edge, atomic.min on int32 labels, a changed flag written by any
# thread and reset by the host between launches (the host reads the flag
# after every launch). The final labels (the smallest vertex of each
# component) do not depend on the order of the atomics; the number of
# iterations does, so it is not printed.
import numpy as np
from numba import cuda


@cuda.jit
def propagate(src, dst, labels, changed):
    e = cuda.grid(1)
    if e < src.shape[0]:
        a = src[e]
        b = dst[e]
        la = labels[a]
        lb = labels[b]
        if la < lb:
            old = cuda.atomic.min(labels, b, la)
            if old > la:
                changed[0] = 1
        elif lb < la:
            old = cuda.atomic.min(labels, a, lb)
            if old > lb:
                changed[0] = 1


@cuda.jit
def count_roots(labels, roots):
    v = cuda.grid(1)
    if v < labels.shape[0] and labels[v] == v:
        cuda.atomic.add(roots, 0, 1)


def main():
    n = 300
    m = 260
    src = np.zeros(m, dtype=np.int32)
    dst = np.zeros(m, dtype=np.int32)
    for e in range(m):
        a = (e * 37 + 11) % n
        b = (a + 1 + (e * 13) % 5) % n
        if e % 4 == 0:
            b = (a * 3 + 7) % n
        src[e] = a
        dst[e] = b
    labels = np.arange(n, dtype=np.int32)
    changed = np.ones(1, dtype=np.int32)
    iters = 0
    while changed[0] == 1:
        changed[0] = 0
        propagate[(m + 127) // 128, 128](src, dst, labels, changed)
        iters += 1
        if iters > 1000:
            break
    roots = np.zeros(1, dtype=np.int32)
    count_roots[(n + 127) // 128, 128](labels, roots)
    print(roots[0], iters <= 1000)
    print(labels[:20])
    print(labels[280:])
    print(labels.astype(np.int64).sum())


if __name__ == "__main__":
    main()
