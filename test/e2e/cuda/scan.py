# CUDA: prefix sums. A Hillis-Steele inclusive scan in one block with two
# shared buffers (ping-pong), a work-efficient Blelloch exclusive scan
# (up-sweep, down-sweep) per block in shared memory, and a multi-block
# scan: per-block scans, a scan of the block totals, then adding each
# block's offset. int32 and int64 values, exact.
import numpy as np
from numba import cuda

BLOCK = 256


@cuda.jit
def hillis_steele(x, out):
    buf = cuda.shared.array((2, BLOCK), np.int32)
    t = cuda.threadIdx.x
    n = x.shape[0]
    buf[0, t] = x[t] if t < n else 0
    cuda.syncthreads()
    src = 0
    d = 1
    while d < BLOCK:
        dst = 1 - src
        if t >= d:
            buf[dst, t] = buf[src, t] + buf[src, t - d]
        else:
            buf[dst, t] = buf[src, t]
        cuda.syncthreads()
        src = dst
        d *= 2
    if t < n:
        out[t] = buf[src, t]


@cuda.jit
def blelloch(x, out, block_totals):
    temp = cuda.shared.array(BLOCK, np.int64)
    t = cuda.threadIdx.x
    base = cuda.blockIdx.x * BLOCK
    # each thread loads two elements
    for k in range(2):
        j = 2 * t + k
        g = base + j
        temp[j] = x[g] if g < x.shape[0] else 0
    offset = 1
    d = BLOCK >> 1
    while d > 0:
        cuda.syncthreads()
        if t < d:
            ai = offset * (2 * t + 1) - 1
            bi = offset * (2 * t + 2) - 1
            temp[bi] += temp[ai]
        offset *= 2
        d >>= 1
    if t == 0:
        block_totals[cuda.blockIdx.x] = temp[BLOCK - 1]
        temp[BLOCK - 1] = 0
    d = 1
    while d < BLOCK:
        offset >>= 1
        cuda.syncthreads()
        if t < d:
            ai = offset * (2 * t + 1) - 1
            bi = offset * (2 * t + 2) - 1
            tmp = temp[ai]
            temp[ai] = temp[bi]
            temp[bi] += tmp
        d *= 2
    cuda.syncthreads()
    for k in range(2):
        j = 2 * t + k
        g = base + j
        if g < out.shape[0]:
            out[g] = temp[j]


@cuda.jit
def add_offsets(out, offsets):
    g = cuda.grid(1)
    if g < out.shape[0]:
        out[g] += offsets[g // BLOCK]


def exclusive_scan(x):
    n = x.shape[0]
    nblocks = (n + BLOCK - 1) // BLOCK
    out = np.zeros(n, dtype=np.int64)
    totals = np.zeros(nblocks, dtype=np.int64)
    blelloch[nblocks, BLOCK // 2](x, out, totals)
    offsets = np.zeros(nblocks, dtype=np.int64)
    dummy = np.zeros(1, dtype=np.int64)
    blelloch[1, BLOCK // 2](totals, offsets, dummy)
    add_offsets[nblocks, BLOCK](out, offsets)
    return out, dummy[0]


def main():
    x = ((np.arange(200) * 13) % 10).astype(np.int32)
    out = np.zeros(200, dtype=np.int32)
    hillis_steele[1, BLOCK](x, out)
    print(out[:10], out[-1], (out == np.cumsum(x)).all())

    n = 3000
    y = ((np.arange(n) * 7) % 23 - 11).astype(np.int64)
    ex, total = exclusive_scan(y)
    ref = np.cumsum(y) - y
    print(ex[:8], ex[-3:], total, y.sum())
    print((ex == ref).all())


if __name__ == "__main__":
    main()
