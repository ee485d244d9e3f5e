# CUDA: Numba's host API with streams. A stream orders nothing in parjit
# (launches and copies run in order and wait for their end), so
# cuda.stream() / default_stream(), the stream= keyword of to_device,
# device_array(_like) and copy_to_host, kernel[blocks, threads, stream] and
# stream.synchronize() are accepted as Numba scripts use them; copy_to_host
# into an existing array fills it and returns it.
import numpy as np
from numba import cuda


@cuda.jit
def scale(a, k):
    i = cuda.grid(1)
    if i < a.size:
        a[i] *= k


@cuda.jit
def add(a, b, out):
    i = cuda.grid(1)
    if i < out.size:
        out[i] = a[i] + b[i]


def main():
    n = 100
    a = np.arange(n, dtype=np.float64)
    stream = cuda.stream()
    d_a = cuda.to_device(a, stream=stream)
    scale[4, 32, stream](d_a, 3.0)
    host = np.zeros(n)
    back = d_a.copy_to_host(host, stream=stream)
    stream.synchronize()
    print(host[:5], host.sum(), back[-1])
    print(a[:5])  # to_device copied it: unchanged

    s0 = cuda.default_stream()
    d_b = cuda.device_array(n, dtype=np.float64, stream=s0)
    d_b[:] = 1.5
    d_out = cuda.device_array_like(d_a, stream=s0)
    add[(n + 63) // 64, 64, s0, 0](d_a, d_b, d_out)
    s0.synchronize()
    out = d_out.copy_to_host(stream=s0)
    print(out[:3], out.sum())
    ints = np.zeros((2, 3), dtype=np.int64)
    d_i = cuda.to_device(np.ones((2, 3), dtype=np.int64))
    d_i.copy_to_host(ints)
    print(ints)


main()
