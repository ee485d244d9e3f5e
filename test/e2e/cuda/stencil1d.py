# CUDA: a 1-D stencil with a halo in shared memory: each block loads its
# BLOCK elements plus RADIUS on each side (zero outside the array), syncs,
# and writes the weighted sum of 2*RADIUS+1 neighbours; compared with the
# same stencil read straight from global memory. Integer-valued float64,
# so every sum is exact.
import numpy as np
from numba import cuda

RADIUS = 3
BLOCK = 64
SMEM = BLOCK + 2 * RADIUS


@cuda.jit(device=True)
def weight(k):
    return float(RADIUS + 1 - abs(k))


@cuda.jit
def stencil_shared(x, out):
    s = cuda.shared.array(SMEM, dtype=np.float64)
    g = cuda.grid(1)
    l = cuda.threadIdx.x + RADIUS
    n = x.shape[0]
    s[l] = x[g] if g < n else 0.0
    if cuda.threadIdx.x < RADIUS:
        left = g - RADIUS
        s[l - RADIUS] = x[left] if left >= 0 else 0.0
        right = g + BLOCK
        s[l + BLOCK] = x[right] if right < n else 0.0
    cuda.syncthreads()
    if g < n:
        acc = 0.0
        for k in range(-RADIUS, RADIUS + 1):
            acc += weight(k) * s[l + k]
        out[g] = acc


@cuda.jit
def stencil_global(x, out):
    g = cuda.grid(1)
    n = x.shape[0]
    if g < n:
        acc = 0.0
        for k in range(-RADIUS, RADIUS + 1):
            j = g + k
            if 0 <= j < n:
                acc += weight(k) * x[j]
        out[g] = acc


def main():
    n = 1000
    x = ((np.arange(n) * 29) % 41 - 20).astype(np.float64)
    a = np.zeros(n)
    b = np.zeros(n)
    blocks = (n + BLOCK - 1) // BLOCK
    stencil_shared[blocks, BLOCK](x, a)
    stencil_global[blocks, BLOCK](x, b)
    print(a[:6], a[-4:])
    print(a.sum(), b.sum(), np.abs(a - b).max())


if __name__ == "__main__":
    main()
