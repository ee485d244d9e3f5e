# CUDA: warp-shuffle reductions. A float64 dot product reduced with
# shfl_down_sync inside each warp, then the warp partials in shared memory,
# then an atomic add per block; an int32 butterfly (shfl_xor_sync) that
# leaves the warp total in every lane; a float32 warp max; a grid-stride
# loop with for i in range(start, n, stride). Inputs are small integers,
# so the sums are exact in any order.
import numpy as np
from numba import cuda

FULL_MASK = 0xffffffff
TPB = 256
WARPS = TPB // 32


@cuda.jit(device=True)
def warp_sum(val):
    offset = cuda.warpsize // 2
    while offset > 0:
        val += cuda.shfl_down_sync(FULL_MASK, val, offset)
        offset //= 2
    return val


@cuda.jit(device=True)
def warp_max(val):
    for k in range(5):
        other = cuda.shfl_xor_sync(FULL_MASK, val, 1 << k)
        val = max(val, other)
    return val


@cuda.jit
def dot(a, b, out):
    warp_partials = cuda.shared.array(WARPS, np.float64)
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    acc = 0.0
    for i in range(start, a.shape[0], stride):
        acc += a[i] * b[i]
    acc = warp_sum(acc)
    lane = cuda.threadIdx.x % 32
    warp = cuda.threadIdx.x // 32
    if lane == 0:
        warp_partials[warp] = acc
    cuda.syncthreads()
    if warp == 0:
        v = warp_partials[lane] if lane < WARPS else 0.0
        v = warp_sum(v)
        if lane == 0:
            cuda.atomic.add(out, 0, v)


@cuda.jit
def warp_totals(x, out):
    i = cuda.grid(1)
    v = x[i]
    m = 16
    while m >= 1:
        v += cuda.shfl_xor_sync(FULL_MASK, v, m)
        m >>= 1
    out[i] = v


@cuda.jit
def warp_maxes(x, out):
    i = cuda.grid(1)
    v = warp_max(x[i])
    if cuda.laneid == 0:
        out[i // 32] = v


def main():
    n = 5000
    a = (np.arange(n) % 17 - 8).astype(np.float64)
    b = (np.arange(n) % 5).astype(np.float64)
    out = np.zeros(1)
    dot[8, TPB](a, b, out)
    print(out[0], np.dot(a, b))

    x = ((np.arange(256) * 31) % 100).astype(np.int32)
    tot = np.zeros(256, dtype=np.int32)
    warp_totals[2, 128](x, tot)
    print(tot[::32])
    print(x.reshape(8, 32).sum(axis=1))

    xf = (((np.arange(256) * 97) % 251) - 125).astype(np.float32)
    mx = np.zeros(8, dtype=np.float32)
    warp_maxes[1, 256](xf, mx)
    print(mx)
    print(xf.reshape(8, 32).max(axis=1))


if __name__ == "__main__":
    main()
