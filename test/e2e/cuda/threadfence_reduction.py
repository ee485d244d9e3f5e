# CUDA: a single-pass sum (the CUDA sample "threadFenceReduction"): each
# block reduces its part in shared memory and stores its partial, calls
# cuda.threadfence(), then takes a ticket with atomic.inc on a uint32
# counter; the block that draws the last ticket adds all partials and
# resets the counter (atomic.inc wraps to 0 at the limit), so the kernel
# can be launched again. int64 values: exact.
import numpy as np
from numba import cuda

TPB = 64


@cuda.jit
def sum_single_pass(x, partial, counter, out):
    sm = cuda.shared.array(TPB, np.int64)
    is_last = cuda.shared.array(1, np.int32)
    t = cuda.threadIdx.x
    acc = 0
    for i in range(cuda.grid(1), x.shape[0], cuda.gridsize(1)):
        acc += x[i]
    sm[t] = acc
    cuda.syncthreads()
    s = TPB // 2
    while s > 0:
        if t < s:
            sm[t] += sm[t + s]
        cuda.syncthreads()
        s //= 2
    if t == 0:
        partial[cuda.blockIdx.x] = sm[0]
        cuda.threadfence()
        ticket = cuda.atomic.inc(counter, 0, np.uint32(cuda.gridDim.x - 1))
        is_last[0] = 1 if ticket == cuda.gridDim.x - 1 else 0
    cuda.syncthreads()
    if is_last[0] == 1 and t == 0:
        total = 0
        for b in range(cuda.gridDim.x):
            total += partial[b]
        out[0] = total


def main():
    n = 5000
    x = (np.arange(n) * 7 % 1001 - 500).astype(np.int64)
    nb = 6
    partial = np.zeros(nb, dtype=np.int64)
    counter = np.zeros(1, dtype=np.uint32)
    out = np.zeros(1, dtype=np.int64)
    sum_single_pass[nb, TPB](x, partial, counter, out)
    print(out[0], x.sum(), counter[0], partial.sum())
    y = x * 3 + 1
    sum_single_pass[nb, TPB](y, partial, counter, out)
    print(out[0], y.sum(), counter[0])


if __name__ == "__main__":
    main()
