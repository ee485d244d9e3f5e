# CUDA: Monte Carlo estimate of pi with a deterministic counter-based RNG
# (a 64-bit splitmix hash, its constants built from 32-bit halves, of (seed, thread, sample) in a device function,
# turned into float64 uniforms in [0, 1) from its top 53 bits). Each
# thread counts its hits over a grid-stride loop of samples, the block
# combines the counts in shared memory and one atomic per block adds them.
# Counts are integers, so the result does not depend on the order.
import numpy as np
from numba import cuda

TPB = 128


@cuda.jit(device=True)
def const64(hi, lo):
    return (np.uint64(hi) << np.uint64(32)) | np.uint64(lo)


@cuda.jit(device=True)
def splitmix64(x):
    z = x + const64(0x9E3779B9, 0x7F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * const64(0xBF58476D, 0x1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * const64(0x94D049BB, 0x133111EB)
    return z ^ (z >> np.uint64(31))


@cuda.jit(device=True)
def uniform(seed, k):
    h = splitmix64(seed ^ splitmix64(np.uint64(k)))
    return float(h >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@cuda.jit
def pi_hits(seed, nsamples, hits):
    counts = cuda.shared.array(TPB, np.int64)
    tid = cuda.threadIdx.x
    c = 0
    for s in range(cuda.grid(1), nsamples, cuda.gridsize(1)):
        x = uniform(seed, 2 * s)
        y = uniform(seed, 2 * s + 1)
        if x * x + y * y < 1.0:
            c += 1
    counts[tid] = c
    cuda.syncthreads()
    if tid == 0:
        total = 0
        for k in range(TPB):
            total += counts[k]
        cuda.atomic.add(hits, 0, total)


@cuda.jit
def random_walks(seed, steps, final):
    i = cuda.grid(1)
    if i < final.shape[0]:
        pos = 0
        for s in range(steps):
            u = uniform(seed, i * steps + s)
            if u < 0.5:
                pos -= 1
            else:
                pos += 1
        final[i] = pos


def main():
    hits = np.zeros(1, dtype=np.int64)
    n = 20000
    pi_hits[4, TPB](np.uint64(12345), n, hits)
    print(hits[0], 4.0 * hits[0] / n)

    final = np.zeros(256, dtype=np.int64)
    random_walks[2, TPB](np.uint64(7), 50, final)
    print(final[:10], final.sum(), np.abs(final).max())


if __name__ == "__main__":
    main()
