# CUDA: math functions in kernels on float32 and float64 arrays:
# sqrt, exp, log, sin, cos, tan, atan2, pow, hypot, tanh, erf, floor, ceil,
# fabs, copysign, fmod, isnan/isinf, the constants math.pi and math.inf.
# libdevice may differ from the CPU's libm in the last place, so results
# are printed rounded to 6 decimals (float64) or 4 (float32).
import math
import numpy as np
from numba import cuda


@cuda.jit
def f64_funcs(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        v = x[i]
        out[i, 0] = math.sqrt(v)
        out[i, 1] = math.exp(-v)
        out[i, 2] = math.log(v + 1.0)
        out[i, 3] = math.sin(v) * math.cos(v)
        out[i, 4] = math.atan2(v, 2.0)
        out[i, 5] = math.pow(v, 1.5)
        out[i, 6] = math.hypot(v, 3.0)
        out[i, 7] = math.tanh(v - 2.0)
        out[i, 8] = math.erf(v / 4.0)
        out[i, 9] = math.floor(v * 3.0) - math.ceil(v * 1.5)
        out[i, 10] = math.fmod(v * 7.0, 3.0)
        out[i, 11] = math.copysign(math.fabs(v - 3.0), -1.0)


@cuda.jit
def f32_funcs(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        v = x[i]
        out[i, 0] = math.sqrt(v)
        out[i, 1] = math.exp(v * np.float32(0.25))
        out[i, 2] = math.sin(v) + math.cos(v)
        out[i, 3] = math.tan(v * np.float32(0.1))
        out[i, 4] = math.log2(v + np.float32(1.0))
        out[i, 5] = v * np.float32(math.pi)


@cuda.jit
def classify(x, flags):
    i = cuda.grid(1)
    if i < x.shape[0]:
        v = x[i]
        f = 0
        if math.isnan(v):
            f = 1
        elif math.isinf(v):
            f = 2 if v > 0 else 3
        elif v == 0.0:
            f = 4
        flags[i] = f


def rounded(a, digits):
    s = 10.0 ** digits
    return np.rint(a.astype(np.float64) * s) / s + 0.0  # + 0.0: no -0.0


def main():
    n = 64
    x = np.arange(n, dtype=np.float64) * 0.125
    out = np.zeros((n, 12))
    f64_funcs[2, 32](x, out)
    print(rounded(out[5], 6))
    print(rounded(out[37], 6))
    print(rounded(out.sum(axis=0), 4))

    x32 = (np.arange(n) * 0.25).astype(np.float32)
    o32 = np.zeros((n, 6), dtype=np.float32)
    f32_funcs[1, 64](x32, o32)
    print(rounded(o32[9], 4))
    print(rounded(o32.astype(np.float64).sum(axis=0), 2))

    y = np.array([1.0, 0.0, math.inf, -math.inf, math.nan, -2.5])
    flags = np.zeros(6, dtype=np.int32)
    classify[1, 32](y, flags)
    print(flags)


if __name__ == "__main__":
    main()
