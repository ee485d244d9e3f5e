# CUDA: block reductions in shared memory, the classic tree
# (s = blockDim.x // 2; halve while s > 0, syncthreads each step): a
# float32 sum in two passes (block partials, then one block over the
# partials), an int32 maximum with its index, and a sum of squares where
# each thread first accumulates over a grid-stride loop. Values are small
# integers, so float sums are exact in any order.
import numpy as np
from numba import cuda

TPB = 128


@cuda.jit
def block_sum(x, partial):
    sm = cuda.shared.array(TPB, np.float32)
    tid = cuda.threadIdx.x
    i = cuda.blockIdx.x * cuda.blockDim.x + tid
    if i < x.size:
        sm[tid] = x[i]
    else:
        sm[tid] = 0
    cuda.syncthreads()
    s = cuda.blockDim.x // 2
    while s > 0:
        if tid < s:
            sm[tid] += sm[tid + s]
        cuda.syncthreads()
        s //= 2
    if tid == 0:
        partial[cuda.blockIdx.x] = sm[0]


@cuda.jit
def block_argmax(x, best_val, best_idx):
    vals = cuda.shared.array(TPB, np.int32)
    idxs = cuda.shared.array(TPB, np.int32)
    tid = cuda.threadIdx.x
    i = cuda.grid(1)
    if i < x.shape[0]:
        vals[tid] = x[i]
        idxs[tid] = i
    else:
        vals[tid] = -2147483647
        idxs[tid] = -1
    cuda.syncthreads()
    s = TPB // 2
    while s > 0:
        if tid < s:
            other = vals[tid + s]
            if other > vals[tid] or (other == vals[tid] and idxs[tid + s] < idxs[tid] and idxs[tid + s] >= 0):
                vals[tid] = other
                idxs[tid] = idxs[tid + s]
        cuda.syncthreads()
        s >>= 1
    if tid == 0:
        best_val[cuda.blockIdx.x] = vals[0]
        best_idx[cuda.blockIdx.x] = idxs[0]


@cuda.jit
def sum_squares(x, out):
    sm = cuda.shared.array(TPB, np.float64)
    tid = cuda.threadIdx.x
    acc = 0.0
    for i in range(cuda.grid(1), x.shape[0], cuda.gridsize(1)):
        acc += x[i] * x[i]
    sm[tid] = acc
    cuda.syncthreads()
    s = TPB // 2
    while s > 0:
        if tid < s:
            sm[tid] += sm[tid + s]
        cuda.syncthreads()
        s //= 2
    if tid == 0:
        cuda.atomic.add(out, 0, sm[0])


def main():
    n = 3000
    x = ((np.arange(n) * 37) % 101 - 50).astype(np.float32)
    nblocks = (n + TPB - 1) // TPB
    partial = np.zeros(nblocks, dtype=np.float32)
    block_sum[nblocks, TPB](x, partial)
    total = np.zeros(1, dtype=np.float32)
    block_sum[1, TPB](partial, total)
    print(partial[:4], total[0], x.astype(np.float64).sum())

    xi = ((np.arange(n) * 7919) % 4001).astype(np.int32)
    bv = np.zeros(nblocks, dtype=np.int32)
    bi = np.zeros(nblocks, dtype=np.int32)
    block_argmax[nblocks, TPB](xi, bv, bi)
    k = np.argmax(bv)
    print(bv[:5], bi[:5])
    print(bv[k], bi[k], xi.max(), np.argmax(xi))

    out = np.zeros(1)
    sum_squares[4, TPB](x.astype(np.float64), out)
    print(out[0], np.sum(x.astype(np.float64) ** 2))


if __name__ == "__main__":
    main()
