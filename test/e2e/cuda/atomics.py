# CUDA: atomics. A histogram of uint32 bins from a hash of the thread
# index (atomic.add), per-block minimum and maximum of float32 and int32
# data with atomic.min/max into a 2-D array indexed by a tuple, a
# "first writer wins" slot claim with compare_and_swap and atomic.cas (the
# winner is not printed, only that exactly one thread won each slot), and
# atomic.sub / exch counters. Every printed value is independent of the
# order in which the atomics happen.
import numpy as np
from numba import cuda

NB = 16


@cuda.jit
def hist_hash(n, bins):
    i = cuda.grid(1)
    if i < n:
        h = np.uint32(i) * np.uint32(2654435761)
        b = (h >> np.uint32(28)) % np.uint32(NB)
        cuda.atomic.add(bins, b, np.uint32(1))


@cuda.jit
def block_minmax(xf, xi, stats_f, stats_i):
    i = cuda.grid(1)
    b = cuda.blockIdx.x
    if i < xf.shape[0]:
        cuda.atomic.min(stats_f, (b, 0), xf[i])
        cuda.atomic.max(stats_f, (b, 1), xf[i])
        cuda.atomic.min(stats_i, (b, 0), xi[i])
        cuda.atomic.max(stats_i, (b, 1), xi[i])


@cuda.jit
def claim_slots(owner, wins, lock):
    i = cuda.grid(1)
    slot = i % owner.shape[0]
    old = cuda.atomic.cas(owner, slot, -1, i)
    if old == -1:
        cuda.atomic.add(wins, slot, 1)
    first = cuda.atomic.compare_and_swap(lock, 0, 1)
    if first == 0:
        cuda.atomic.add(wins, owner.shape[0], 1)


@cuda.jit
def counters(c, flag):
    i = cuda.grid(1)
    cuda.atomic.sub(c, 0, 3)
    cuda.atomic.add(c, 1, i)
    cuda.atomic.exch(flag, 0, 7)


def main():
    bins = np.zeros(NB, dtype=np.uint32)
    hist_hash[8, 128](1000, bins)
    print(bins, bins.sum())

    n = 512
    xf = (((np.arange(n) * 71) % 257) - 128).astype(np.float32) * np.float32(0.5)
    xi = ((np.arange(n) * 7919) % 10007 - 5000).astype(np.int32)
    nblocks = n // 128
    stats_f = np.zeros((nblocks, 2), dtype=np.float32)
    stats_f[:, 0] = np.inf
    stats_f[:, 1] = -np.inf
    stats_i = np.zeros((nblocks, 2), dtype=np.int32)
    stats_i[:, 0] = 2147483647
    stats_i[:, 1] = -2147483647
    block_minmax[nblocks, 128](xf, xi, stats_f, stats_i)
    print(stats_f)
    print(stats_i)
    print(xf.reshape(nblocks, 128).min(axis=1), xi.reshape(nblocks, 128).max(axis=1))

    owner = np.full(10, -1, dtype=np.int32)
    wins = np.zeros(11, dtype=np.int32)
    lock = np.zeros(1, dtype=np.int32)
    claim_slots[2, 50](owner, wins, lock)
    print(wins, (owner >= 0).all(), (owner % 10 == np.arange(10)).all(), lock[0])

    c = np.zeros(2, dtype=np.int64)
    flag = np.zeros(1, dtype=np.int64)
    counters[3, 64](c, flag)
    print(c, flag)


if __name__ == "__main__":
    main()
