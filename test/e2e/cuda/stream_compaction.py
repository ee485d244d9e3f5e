# CUDA: stream compaction (keep the elements that pass a predicate) with
# warp-aggregated atomics: each warp takes a ballot_sync of the
# predicate, its first active lane reserves popc(ballot) slots with one
# atomic.add, the base is broadcast with shfl_sync, and each lane writes at
# base + popc(ballot & lanemask_lt()). The output order depends on the
# order of the warps' atomics, so the host compares counts of each value. Also
# any_sync / all_sync / eq_sync per warp and syncthreads_or per block.
import numpy as np
from numba import cuda

FULL = 0xffffffff


@cuda.jit
def compact(x, out, count):
    i = cuda.grid(1)
    v = x[i] if i < x.shape[0] else -1
    keep = v >= 0 and v % 3 == 0
    ballot = cuda.ballot_sync(FULL, keep)
    lane = cuda.laneid
    base = 0
    if lane == 0 and ballot != 0:
        base = cuda.atomic.add(count, 0, cuda.popc(ballot))
    base = cuda.shfl_sync(FULL, base, 0)
    if keep:
        out[base + cuda.popc(ballot & cuda.lanemask_lt())] = v


@cuda.jit
def warp_votes(x, votes, block_any):
    i = cuda.grid(1)
    v = x[i]
    a = cuda.any_sync(FULL, v > 90)
    b = cuda.all_sync(FULL, v >= 0)
    c = cuda.eq_sync(FULL, v % 2 == 0)
    w = i // 32
    if cuda.laneid == 0:
        votes[w, 0] = a
        votes[w, 1] = b
        votes[w, 2] = c
    big = cuda.syncthreads_or(v > 95)
    if cuda.threadIdx.x == 0:
        block_any[cuda.blockIdx.x] = big


def main():
    n = 1000
    x = ((np.arange(n) * 7919) % 1013 - 100).astype(np.int64)
    out = np.full(n, -7, dtype=np.int64)
    count = np.zeros(1, dtype=np.int64)
    compact[(n + 127) // 128, 128](x, out, count)
    k = count[0]
    seen = np.zeros(1013, dtype=np.int64)
    for j in range(k):
        seen[out[j]] += 1
    ref = np.zeros(1013, dtype=np.int64)
    for j in range(n):
        if x[j] >= 0 and x[j] % 3 == 0:
            ref[x[j]] += 1
    print(k, ref.sum(), out[:k].sum(), seen.max())
    print((seen == ref).all(), (out[k:] == -7).all())

    y = ((np.arange(256) * 37) % 97).astype(np.int32)
    y[64:96] = 2 * (np.arange(32) % 5)
    votes = np.zeros((8, 3), dtype=np.int32)
    block_any = np.zeros(4, dtype=np.int32)
    warp_votes[4, 64](y, votes, block_any)
    print(votes.T)
    print(block_any)


if __name__ == "__main__":
    main()
