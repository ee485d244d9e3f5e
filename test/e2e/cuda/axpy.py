# CUDA: a 1-D grid with one thread per element (axpy in float64), a last
# block that is only partly used, host arrays and device arrays
# (cuda.to_device / device_array_like / copy_to_host). The inputs are
# multiples of 0.25, so every result is exact, with or without FMA.
import numpy as np
from parjit import cuda


@cuda.jit
def axpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = a * x[i] + y[i]


@cuda.jit
def scale_inplace(x, k):
    i = cuda.threadIdx.x + cuda.blockIdx.x * cuda.blockDim.x
    if i < x.size:
        x[i] *= k


def main():
    n = 1000
    x = np.linspace(0.0, 249.75, n)
    y = np.arange(n, dtype=np.float64)
    out = np.zeros(n)
    threads = 128
    blocks = (n + threads - 1) // threads
    axpy[blocks, threads](2.5, x, y, out)
    print(out[0], out[1], out[n - 1])
    print(out.sum())
    print(np.abs(out - (2.5 * x + y)).max())

    d_x = cuda.to_device(x)
    d_y = cuda.to_device(y)
    d_out = cuda.device_array_like(x)
    axpy[blocks, threads](-0.5, d_x, d_y, d_out)
    scale_inplace[blocks, threads](d_out, 4.0)
    cuda.synchronize()
    host = d_out.copy_to_host()
    print(host[:5])
    print(host.sum(), host.min(), host.max())

    # More threads than elements, a block size that is not a multiple of 32.
    small = np.zeros(7)
    axpy[3, 5](1.0, x[:7], y[:7], small)
    print(small)


if __name__ == "__main__":
    main()
