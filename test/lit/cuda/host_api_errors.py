# Numba's host API: what parjit refuses, at its place.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np
from numba import cuda


def main():
    d = cuda.to_device(np.ones(4), stream=cuda.stream())
    d.copy_to_host(np.zeros(4, dtype=np.int64))
    d.copy_to_host(np.zeros((2, 2)), stream=0)
    e = cuda.event()
    z = cuda.device_array(4, np.float64, strm=0)
    launch = k[1, 32]
    print(sum_reduce(d))
    k.forall(4.5)(d)


@cuda.reduce
def sum_reduce(a, b):
    return a + b


@cuda.jit
def k(a):
    a[cuda.grid(1)] = 1.0


main()
# CHECK-DAG: host_api_errors.py:9:20: error: copy_to_host() needs an array of the same dtype and dimensions (array(float64, 1d)), not array(int64, 1d)
# CHECK-DAG: host_api_errors.py:10:20: error: copy_to_host() needs an array of the same dtype and dimensions (array(float64, 1d)), not array(float64, 2d)
# CHECK-DAG: host_api_errors.py:11:14: error: cuda.event is not supported: launches and copies run in order, each waits for its end (time them on the host)
# CHECK-DAG: host_api_errors.py:12:42: error: np.empty() got an unexpected keyword argument 'strm'
# CHECK-DAG: host_api_errors.py:13:14: error: 'k' object is not subscriptable (a CUDA kernel's [blocks, threads] must be followed by its call)
# CHECK-DAG: host_api_errors.py:14:11: error: 'sum_reduce' has a decorator parjit does not support (use @jit, @njit or @cuda.jit)
# CHECK-DAG: host_api_errors.py:15:14: error: forall()'s ntasks must be an int, not float64
