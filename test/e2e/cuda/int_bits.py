# CUDA: integer kernels. int32/uint32 bit tricks with cuda.popc, cuda.brev,
# cuda.clz, cuda.ffs, shifts and masks; a 32-bit xorshift/murmur finalizer
# hash whose uint32 multiplications wrap around; a gray code and its
# inverse; int32 division and modulo with negative operands (Python's
# floor rules); uint8 saturation arithmetic.
import numpy as np
from numba import cuda


@cuda.jit
def bits(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        v = x[i]
        out[i, 0] = cuda.popc(v)
        out[i, 1] = cuda.brev(v)
        out[i, 2] = cuda.clz(v)
        out[i, 3] = cuda.ffs(v)
        out[i, 4] = v & (v - np.uint32(1))          # clear lowest set bit
        out[i, 5] = v ^ (v >> np.uint32(1))          # gray code
        out[i, 6] = (v << np.uint32(3)) | (v >> np.uint32(29))  # rotate left by 3


@cuda.jit
def fmix32(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        h = x[i]
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85ebca6b)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xc2b2ae35)
        h ^= h >> np.uint32(16)
        out[i] = h


@cuda.jit
def gray_decode(g, out):
    i = cuda.grid(1)
    if i < g.shape[0]:
        v = g[i]
        shift = np.uint32(1)
        while shift < np.uint32(32):
            v ^= v >> shift
            shift <<= np.uint32(1)
        out[i] = v


@cuda.jit
def signed_ops(a, b, out):
    i = cuda.grid(1)
    if i < a.shape[0]:
        p = a[i]
        q = b[i]
        out[i, 0] = p // q
        out[i, 1] = p % q
        out[i, 2] = p >> 2
        out[i, 3] = cuda.popc(p)
        out[i, 4] = abs(p) * q


@cuda.jit
def saturate_add(a, b, out):
    i = cuda.grid(1)
    if i < a.shape[0]:
        s = np.int32(a[i]) + np.int32(b[i])
        out[i] = 255 if s > 255 else s


def main():
    n = 96
    x = (np.arange(n, dtype=np.uint32) * np.uint32(2654435761)) ^ np.uint32(0x5bd1e995)
    x[0] = 0
    x[1] = 0xFFFFFFFF
    out = np.zeros((n, 7), dtype=np.uint32)
    bits[3, 32](x, out)
    print(out[0])
    print(out[1])
    print(out[2])
    print(out.astype(np.int64).sum(axis=0))

    h = np.zeros(n, dtype=np.uint32)
    fmix32[3, 32](np.arange(n, dtype=np.uint32), h)
    print(h[:4], h.astype(np.int64).sum())

    dec = np.zeros(n, dtype=np.uint32)
    gray_decode[3, 32](out[:, 5].copy(), dec)
    print((dec == x).all())

    a = (np.arange(64) * 37 % 200 - 100).astype(np.int32)
    b = (np.arange(64) % 7 - 3).astype(np.int32)
    b[b == 0] = 5
    so = np.zeros((64, 5), dtype=np.int32)
    signed_ops[2, 32](a, b, so)
    print(so[:3])
    print(so.sum(axis=0), (so[:, 0] == a // b).all(), (so[:, 1] == a % b).all())

    u = (np.arange(64) * 11 % 256).astype(np.uint8)
    w = (np.arange(64) * 29 % 256).astype(np.uint8)
    sat = np.zeros(64, dtype=np.uint8)
    saturate_add[1, 64](u, w, sat)
    print(sat[:10], sat.astype(np.int64).sum())


if __name__ == "__main__":
    main()
