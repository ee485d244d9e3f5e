# CUDA: boolean arrays in kernels: a bool mask computed from two float
# arrays, masked updates driven by a bool array, counting True entries
# with an atomic, a 2-D bool grid stepped by Conway's game of life (integer
# neighbour counts of bools, wrap-around borders) for several generations
# from a host loop, and logical and/or/not of bool arrays.
import numpy as np
from numba import cuda


@cuda.jit
def make_mask(a, b, mask):
    i = cuda.grid(1)
    if i < a.shape[0]:
        mask[i] = a[i] > b[i] or a[i] == 0.0


@cuda.jit
def masked_update(x, mask, count):
    i = cuda.grid(1)
    if i < x.shape[0]:
        if mask[i]:
            x[i] = -x[i]
            cuda.atomic.add(count, 0, 1)


@cuda.jit
def combine(p, q, out):
    i = cuda.grid(1)
    if i < p.shape[0]:
        out[i, 0] = p[i] and q[i]
        out[i, 1] = p[i] or q[i]
        out[i, 2] = not p[i]
        out[i, 3] = p[i] != q[i]


@cuda.jit
def life_step(cur, nxt):
    r, c = cuda.grid(2)
    h, w = cur.shape
    if r < h and c < w:
        n = 0
        for dr in range(-1, 2):
            for dc in range(-1, 2):
                if dr != 0 or dc != 0:
                    n += cur[(r + dr) % h, (c + dc) % w]
        alive = cur[r, c]
        nxt[r, c] = n == 3 or (alive and n == 2)


def main():
    n = 100
    a = ((np.arange(n) * 13) % 7).astype(np.float64)
    b = ((np.arange(n) * 5) % 6).astype(np.float64)
    mask = np.zeros(n, dtype=np.bool_)
    make_mask[4, 32](a, b, mask)
    print(mask[:12], mask.sum())

    x = np.arange(n, dtype=np.float64)
    count = np.zeros(1, dtype=np.int32)
    masked_update[4, 32](x, mask, count)
    print(count[0], x.sum())

    q = (np.arange(n) % 3) == 0
    out = np.zeros((n, 4), dtype=np.bool_)
    combine[4, 32](mask, q, out)
    print(out.sum(axis=0), out[:3])

    h, w = 20, 24
    g = np.zeros((h, w), dtype=np.bool_)
    g[1, 2] = True
    g[2, 3] = True
    g[3, 1] = True
    g[3, 2] = True
    g[3, 3] = True
    g[10, 10] = True
    g[10, 11] = True
    g[10, 12] = True
    d_a = cuda.to_device(g)
    d_b = cuda.device_array_like(g)
    for step in range(12):
        life_step[(3, 3), (8, 8)](d_a, d_b)
        d_a, d_b = d_b, d_a
    final = d_a.copy_to_host()
    print(final.sum())
    for r in range(h):
        line = 0
        for c in range(w):
            line = line * 2 + int(final[r, c])
        if line != 0:
            print(r, line)


if __name__ == "__main__":
    main()
