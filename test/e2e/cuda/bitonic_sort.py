# CUDA: a bitonic sort of each block's 256 float32 keys in shared memory
# (nested while loops over k and j, syncthreads between every
# compare-exchange pass, partners found with i ^ j), carrying an int32
# payload (the original index) along with each key, then checks on the
# host that each block is sorted and that the payloads follow the keys.
# Keys are distinct, so the order is unique.
import numpy as np
from numba import cuda

N = 256


@cuda.jit
def bitonic(keys, vals):
    sk = cuda.shared.array(N, np.float32)
    sv = cuda.shared.array(N, np.int32)
    t = cuda.threadIdx.x
    base = cuda.blockIdx.x * N
    sk[t] = keys[base + t]
    sv[t] = vals[base + t]
    cuda.syncthreads()
    k = 2
    while k <= N:
        j = k // 2
        while j > 0:
            p = t ^ j
            if p > t:
                up = (t & k) == 0
                a = sk[t]
                b = sk[p]
                if (a > b) == up:
                    sk[t] = b
                    sk[p] = a
                    tv = sv[t]
                    sv[t] = sv[p]
                    sv[p] = tv
            cuda.syncthreads()
            j //= 2
        k *= 2
    keys[base + t] = sk[t]
    vals[base + t] = sv[t]


def main():
    nblocks = 3
    idx = np.arange(nblocks * N)
    keys = (((idx * 7919) % 1021) * 0.5 - 200.0).astype(np.float32)
    orig = keys.copy()
    vals = idx.astype(np.int32)
    bitonic[nblocks, N](keys, vals)
    ok = True
    for b in range(nblocks):
        seg = keys[b * N:(b + 1) * N]
        if not (seg[1:] >= seg[:-1]).all():
            ok = False
    print(ok, keys[:6], keys[N - 3:N])
    print(vals[:6])
    same = True
    for i in range(nblocks * N):
        if orig[vals[i]] != keys[i]:
            same = False
    print(same, keys.sum())


if __name__ == "__main__":
    main()
