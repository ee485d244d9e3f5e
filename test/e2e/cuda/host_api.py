# CUDA: the Numba host API. cuda.to_device, cuda.device_array with a shape
# tuple and a dtype, device_array_like, copy_to_host (returning a new
# array), kernels chained on device arrays without copies in between,
# cuda.synchronize(), the same kernel launched on host arrays and on
# device arrays, a launch with an explicit stream 0 and dynamic shared
# memory size 0, and host code reading results between launches.
import numpy as np
from numba import cuda


@cuda.jit
def init(a, v):
    i, j = cuda.grid(2)
    if i < a.shape[0] and j < a.shape[1]:
        a[i, j] = v * (i + 1) + j


@cuda.jit
def saxpy2d(alpha, x, y):
    i, j = cuda.grid(2)
    if i < x.shape[0] and j < x.shape[1]:
        y[i, j] = alpha * x[i, j] + y[i, j]


@cuda.jit
def count_positive(a, out):
    i, j = cuda.grid(2)
    if i < a.shape[0] and j < a.shape[1] and a[i, j] > 0:
        cuda.atomic.add(out, 0, 1)


def main():
    shape = (30, 20)
    bpg = (2, 2)
    tpb = (16, 16)
    d_x = cuda.device_array(shape, dtype=np.float32)
    d_y = cuda.device_array(shape, np.float32)
    init[bpg, tpb](d_x, np.float32(2.0))
    init[bpg, tpb](d_y, np.float32(-3.0))
    for k in range(4):
        saxpy2d[bpg, tpb](np.float32(0.5), d_x, d_y)
    cuda.synchronize()
    y = d_y.copy_to_host()
    print(y[0, :5], y[29, 15:], y.sum())

    d_cnt = cuda.to_device(np.zeros(1, dtype=np.int32))
    count_positive[bpg, tpb, 0, 0](d_y, d_cnt)
    print(d_cnt.copy_to_host()[0], (y > 0).sum())

    h = np.ones(shape, dtype=np.float32)
    d_h = cuda.to_device(h)
    saxpy2d[bpg, tpb](np.float32(1.0), d_x, d_h)
    saxpy2d[bpg, tpb](np.float32(1.0), d_x, h)
    back = d_h.copy_to_host()
    print((back == h).all(), back[1, :4], h.sum())

    d_like = cuda.device_array_like(h)
    init[bpg, tpb](d_like, np.float32(1.0))
    host_like = d_like.copy_to_host()
    host_like[0, 0] = 1000.0
    print(host_like[:2, :4], d_like.copy_to_host()[0, 0])


if __name__ == "__main__":
    main()
