# CUDA: row-wise softmax and layer normalisation of a float32 matrix, one
# block per row: the row's maximum, then the sum of exponentials, then
# the normalised values, each a shared-memory tree reduction with
# threads striding over the row (for j in range(tid, n, blockDim.x)).
# exp in float32 may differ from the CPU in the last place, so values are
# printed rounded to 5 decimals; row sums are checked against 1.
import math
import numpy as np
from numba import cuda

TPB = 64


@cuda.jit(device=True)
def block_max(sm, tid):
    s = TPB // 2
    while s > 0:
        if tid < s:
            sm[tid] = max(sm[tid], sm[tid + s])
        cuda.syncthreads()
        s //= 2
    r = sm[0]
    cuda.syncthreads()
    return r


@cuda.jit(device=True)
def block_sum(sm, tid):
    s = TPB // 2
    while s > 0:
        if tid < s:
            sm[tid] += sm[tid + s]
        cuda.syncthreads()
        s //= 2
    r = sm[0]
    cuda.syncthreads()
    return r


@cuda.jit
def softmax(x, out):
    sm = cuda.shared.array(TPB, np.float32)
    row = cuda.blockIdx.x
    tid = cuda.threadIdx.x
    n = x.shape[1]
    m = -math.inf
    for j in range(tid, n, cuda.blockDim.x):
        m = max(m, x[row, j])
    sm[tid] = m
    cuda.syncthreads()
    m = block_max(sm, tid)
    s = np.float32(0.0)
    for j in range(tid, n, cuda.blockDim.x):
        e = math.exp(x[row, j] - m)
        out[row, j] = e
        s += e
    sm[tid] = s
    cuda.syncthreads()
    total = block_sum(sm, tid)
    for j in range(tid, n, cuda.blockDim.x):
        out[row, j] /= total


@cuda.jit
def layernorm(x, out, eps):
    sm = cuda.shared.array(TPB, np.float32)
    row = cuda.blockIdx.x
    tid = cuda.threadIdx.x
    n = x.shape[1]
    s = np.float32(0.0)
    for j in range(tid, n, cuda.blockDim.x):
        s += x[row, j]
    sm[tid] = s
    cuda.syncthreads()
    mean = block_sum(sm, tid) / n
    v = np.float32(0.0)
    for j in range(tid, n, cuda.blockDim.x):
        d = x[row, j] - mean
        v += d * d
    sm[tid] = v
    cuda.syncthreads()
    var = block_sum(sm, tid) / n
    inv = 1.0 / math.sqrt(var + eps)
    for j in range(tid, n, cuda.blockDim.x):
        out[row, j] = (x[row, j] - mean) * inv


def main():
    rows, cols = 6, 150
    x = (((np.arange(rows * cols) * 37) % 23) * 0.25 - 2.0).astype(np.float32).reshape(rows, cols)
    out = np.zeros_like(x)
    softmax[rows, TPB](x, out)
    print(np.rint(out[0, :6].astype(np.float64) * 1e5) / 1e5)
    sums = out.astype(np.float64).sum(axis=1)
    print(np.abs(sums - 1.0).max() < 1e-5, out.argmax(axis=1))
    ln = np.zeros_like(x)
    layernorm[rows, TPB](x, ln, 1e-5)
    print(np.rint(ln[2, :6].astype(np.float64) * 1e4) / 1e4)
    print(np.abs(ln.astype(np.float64).mean(axis=1)).max() < 1e-5)


if __name__ == "__main__":
    main()
