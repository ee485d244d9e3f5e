# CUDA: device functions. @cuda.jit(device=True) functions that return a
# value, a tuple (unpacked by the caller), that call each other, with
# default arguments, a plain @njit function called from a
# kernel; a nested def inside a kernel. Integer arithmetic and exact
# float64 values.
import numpy as np
from numba import cuda, njit


@cuda.jit(device=True)
def clamp(v, lo, hi):
    if v < lo:
        return lo
    if v > hi:
        return hi
    return v


@cuda.jit(device=True, inline=True)  # inline: accepted (LLVM decides)
def divmod_pos(a, b):
    q = a // b
    r = a - q * b
    return q, r


@cuda.jit(device=True)
def lerp(a, b, t=0.5):
    return a + (b - a) * t


@cuda.jit(device=True)
def min_max3(a, b, c):
    return min(a, b, c), max(a, b, c)


@njit
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@cuda.jit
def kernel(x, out_i, out_f):
    i = cuda.grid(1)
    if i >= x.shape[0]:
        return

    def sq(v):
        return v * v

    v = x[i]
    q, r = divmod_pos(v, 7)
    lo, hi = min_max3(v, q, r)
    out_i[i, 0] = clamp(v - 50, 0, 100)
    out_i[i, 1] = q
    out_i[i, 2] = r
    out_i[i, 3] = hi - lo
    out_i[i, 4] = collatz_steps(v + 1)
    out_i[i, 5] = sq(r)
    out_f[i, 0] = lerp(float(v), 2.0 * v)
    out_f[i, 1] = lerp(0.0, float(v), 0.25)
    out_f[i, 2] = clamp(v * 0.5, 10.0, 40.0)


def main():
    n = 300
    x = ((np.arange(n) * 53) % 211 - 30).astype(np.int64)
    x[x <= 0] += 211
    out_i = np.zeros((n, 6), dtype=np.int64)
    out_f = np.zeros((n, 3))
    kernel[(n + 63) // 64, 64](x, out_i, out_f)
    print(out_i[:4])
    print(out_f[:4])
    print(out_i.sum(axis=0), out_f.sum(axis=0))


if __name__ == "__main__":
    main()
