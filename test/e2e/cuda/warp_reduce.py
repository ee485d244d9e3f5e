# CUDA: warp-level programming. A block sum in two steps (shfl_down_sync
# within each warp, then the warps' partials in shared memory), counts with
# ballot_sync/popc and syncthreads_count, a block-wide prefix sum from
# shfl_up_sync, an array reversed through dynamic shared memory
# (kernel[blocks, threads, stream, bytes] and shared.array(0, dtype)), and
# tickets from atomic.inc. Inputs are small integers stored as floats, so
# every sum is exact in any order.
import numpy as np
from parjit import cuda

FULL = 0xFFFFFFFF
WARPS = 8  # threads per block / 32


@cuda.jit(device=True)
def warp_reduce(v):
    off = 16
    while off > 0:
        v += cuda.shfl_down_sync(FULL, v, off)
        off //= 2
    return v


@cuda.jit
def block_sums(x, sums, counts):
    partial = cuda.shared.array(WARPS, np.float64)
    i = cuda.grid(1)
    t = cuda.threadIdx.x
    v = x[i] if i < x.shape[0] else 0.0
    big = v > 50.0
    w = warp_reduce(v)
    mask = cuda.ballot_sync(FULL, big)
    if cuda.laneid == 0:
        partial[t // 32] = w
        cuda.atomic.add(counts, 0, cuda.popc(mask))
    n = cuda.syncthreads_count(big)
    if t < 32:
        s = partial[t] if t < WARPS else 0.0
        s = warp_reduce(s)
        if t == 0:
            sums[cuda.blockIdx.x] = s
            counts[1 + cuda.blockIdx.x] = n


@cuda.jit
def prefix_in_warps(x, out):
    i = cuda.grid(1)
    v = x[i]
    lane = cuda.laneid
    d = 1
    while d < 32:
        up = cuda.shfl_up_sync(FULL, v, d)
        if lane >= d:
            v += up
        d *= 2
    out[i] = v
    out2 = cuda.shfl_sync(FULL, v, 31)  # the warp's total, in every lane
    if cuda.all_sync(FULL, out2 >= v) == 0:
        out[i] = -1


@cuda.jit
def reverse_block(x, out):
    buf = cuda.shared.array(0, np.int64)
    t = cuda.threadIdx.x
    n = buf.shape[0]
    i = cuda.blockIdx.x * n + t
    buf[t] = x[i]
    cuda.syncthreads()
    out[i] = buf[n - 1 - t]


@cuda.jit
def take_tickets(tickets, seen):
    i = cuda.grid(1)
    k = cuda.atomic.inc(tickets, 0, np.uint32(1000000))
    cuda.atomic.add(seen, k, 1)
    cuda.atomic.or_(tickets, 1, np.uint32(1) << np.uint32(i % 32))


def main():
    n = 1000
    x = (np.arange(n) % 101).astype(np.float64)
    threads = 32 * WARPS
    blocks = (n + threads - 1) // threads
    sums = np.zeros(blocks)
    counts = np.zeros(1 + blocks, dtype=np.int64)
    block_sums[blocks, threads](x, sums, counts)
    print(sums, sums.sum(), x.sum())
    print(counts, (x > 50.0).sum())

    ints = np.arange(128, dtype=np.int64) % 7
    pre = np.zeros(128, dtype=np.int64)
    prefix_in_warps[2, 64](ints, pre)
    ref = np.zeros(128, dtype=np.int64)
    for k in range(0, 128, 32):
        ref[k:k + 32] = np.cumsum(ints[k:k + 32])
    print(pre[:8], pre[-8:], (pre == ref).all())

    a = np.arange(96, dtype=np.int64) * 3
    r = np.zeros(96, dtype=np.int64)
    reverse_block[3, 32, 0, 32 * 8](a, r)
    print(r[:6], r[-6:])

    tickets = np.zeros(2, dtype=np.uint32)
    seen = np.zeros(256, dtype=np.int64)
    take_tickets[4, 64](tickets, seen)
    print(tickets, seen.min(), seen.max(), seen.sum())


main()
