# Misused warp functions, atomics, dynamic shared memory and launch sizes
# are errors at their place; warp functions on the CPU too.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np
from parjit import cuda


@cuda.jit
def k(a, f, u):
    i = cuda.grid(1)
    cuda.atomic.inc(a, 0, 1)
    cuda.atomic.and_(f, 0, 1)
    cuda.atomic.compare_and_swap(u, 0, 1)
    x = cuda.shfl_down_sync(0xFFFFFFFF, a, 1)
    y = cuda.shfl_sync(0xFFFFFFFF, 1.0, 2.5)
    z = cuda.popc(1.5)
    w = cuda.fma(1, 2.0, 3.0)
    s = cuda.local.array(0, np.float64)
    cuda.atomic.cas(a, 0, 1)
    cuda.syncwarp(mask=3)


def host():
    s = cuda.event()
    return cuda.laneid + cuda.ballot_sync(0xFFFFFFFF, True)


def main():
    a = np.zeros(4, dtype=np.int64)
    k[1, 32](a, np.zeros(4), np.zeros((2, 2), dtype=np.int32))
    k[1, 32, 0, 1.5](a, np.zeros(4), np.zeros((2, 2), dtype=np.int32))
    k[1, 32, 0, 8, 9](a, np.zeros(4), np.zeros((2, 2), dtype=np.int32))
    print(host())


main()
# CHECK-DAG: warp_errors.py:11:21: error: cuda.atomic.inc() works on uint32 and uint64 arrays, not array(int64, 1d)
# CHECK-DAG: warp_errors.py:12:22: error: cuda.atomic.and_() works on int32, int64, uint32 and uint64 arrays, not array(float64, 1d)
# CHECK-DAG: warp_errors.py:13:34: error: cuda.atomic.compare_and_swap() works on element 0 of a 1-D array, not on array(int32, 2d)
# CHECK-DAG: warp_errors.py:14:41: error: cuda.shfl_down_sync() takes numbers, not array(int64, 1d)
# CHECK-DAG: warp_errors.py:15:41: error: cuda.shfl_sync() takes an integer lane, not float64
# CHECK-DAG: warp_errors.py:16:19: error: cuda.popc() takes an integer value, not float64
# CHECK-DAG: warp_errors.py:17:18: error: cuda.fma() takes floats, not int64
# CHECK-DAG: warp_errors.py:18:26: error: cuda.local.array() needs a shape of positive integer constants (literals or module-level constants)
# CHECK-DAG: warp_errors.py:19:5: error: cuda.atomic.cas() takes 4 arguments (3 given)
# CHECK-DAG: warp_errors.py:20:19: error: cuda.syncwarp() takes no keyword arguments
# CHECK-DAG: warp_errors.py:25:12: error: cuda.laneid is only available in CUDA kernels and device functions
# CHECK-DAG: warp_errors.py:25:26: error: cuda.ballot_sync() is only available in CUDA kernels and device functions
# CHECK-DAG: warp_errors.py:31:17: error: the dynamic shared memory size of a kernel launch must be an int (bytes), not float64
# CHECK-DAG: warp_errors.py:32:7: error: a kernel launch takes [blocks, threads], [blocks, threads, stream] or [blocks, threads, stream, shared_bytes]
# CHECK-DAG: warp_errors.py:24:14: error: cuda.event is not supported: launches and copies run in order, each waits for its end (time them on the host)
