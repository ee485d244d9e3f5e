# CUDA: kernels taking scalars of several types: Python int and float,
# np.int32, np.uint8, np.int16, np.uint64, np.float32 and bool, each used
# in arithmetic with array elements of other dtypes (NumPy's promotion
# rules decide the stored values); and a scalar argument that is a tuple
# element on the host.
import numpy as np
from numba import cuda


@cuda.jit
def affine(x, a, b, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = a * x[i] + b


@cuda.jit
def mixed(x8, k16, scale, flag, out):
    i = cuda.grid(1)
    if i < x8.shape[0]:
        v = x8[i] * k16
        if flag:
            v = -v
        out[i] = v * scale


@cuda.jit
def wrap_u64(x, mul, add, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = x[i] * mul + add


@cuda.jit
def clipper(x, lo, hi, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = min(max(x[i], lo), hi)


def main():
    n = 40
    xi = np.arange(n, dtype=np.int32) - 20
    out_i = np.zeros(n, dtype=np.int64)
    affine[1, 64](xi, 3, 7, out_i)
    print(out_i[:6], out_i.sum())

    out_f = np.zeros(n)
    affine[1, 64](xi, 0.5, -1.25, out_f)
    print(out_f[:6], out_f.sum())

    xf = np.arange(n, dtype=np.float32) * np.float32(0.5)
    out_f32 = np.zeros(n, dtype=np.float32)
    affine[1, 64](xf, np.float32(2.0), np.float32(0.25), out_f32)
    print(out_f32[:6], out_f32.sum())

    out_i32 = np.zeros(n, dtype=np.int32)
    affine[1, 64](xi, np.int32(-2), np.int32(5), out_i32)
    print(out_i32[:6], out_i32.sum())

    x8 = (np.arange(n) * 9 % 256).astype(np.uint8)
    res = np.zeros(n)
    mixed[2, 32](x8, np.int16(-3), np.float32(0.5), True, res)
    print(res[:6], res.sum())
    mixed[2, 32](x8, np.int16(300), 2.0, False, res)
    print(res[:6], res.sum())

    xu = np.arange(n, dtype=np.uint64) + np.uint64(1)
    ou = np.zeros(n, dtype=np.uint64)
    wrap_u64[1, 64](xu, np.uint64(6364136223846793005), np.uint64(1442695040888963407), ou)
    print(ou[:3], ou[n - 1])

    bounds = (np.uint8(3), np.uint8(30))
    oc = np.zeros(n, dtype=np.uint8)
    clipper[1, 64](x8, bounds[0], bounds[1], oc)
    print(oc[:12], oc.astype(np.int64).sum())


if __name__ == "__main__":
    main()
