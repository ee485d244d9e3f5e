# What GPU code cannot do is an error at its place, and so is GPU-only code
# on the CPU.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np
from parjit import cuda


@cuda.jit
def k1(a):
    i = cuda.grid(1)
    print(i)
    b = np.zeros(3)
    a[i] = b[0] + a[i] * 2.0


@cuda.jit
def k2(a, n):
    t = cuda.shared.array(n, np.float64)
    t[0] = 1.0
    return 1.0


def host(a):
    return cuda.threadIdx.x + cuda.grid(1)


def main():
    a = np.zeros(10)
    k1[1, 10](a)
    k2[1, 10](a, 3)
    k1(a)
    host[1, 2](a)
    k1[1, 2.5](a)
    print(host(a))


main()
# CHECK-DAG: errors.py:11:5: error: print() is not supported in CUDA kernels
# CHECK-DAG: errors.py:12:9: error: creating arrays (array expressions, np.zeros, copies, ...) is not supported in CUDA kernels; use cuda.local.array or cuda.shared.array
# CHECK-DAG: errors.py:17:5: error: a CUDA kernel cannot return a value (it returns float64); write results into an array argument
# CHECK-DAG: errors.py:18:27: error: cuda.shared.array() needs a shape of positive integer constants (literals or module-level constants)
# CHECK-DAG: errors.py:24:12: error: cuda.threadIdx.x is only available in CUDA kernels and device functions
# CHECK-DAG: errors.py:24:31: error: cuda.grid() is only available in CUDA kernels and device functions
# CHECK-DAG: errors.py:31:5: error: 'k1' is a CUDA kernel: launch it as k1[blocks, threads](...)
# CHECK-DAG: errors.py:32:5: error: 'host' is not a CUDA kernel: only @cuda.jit functions are launched with [blocks, threads]
# CHECK-DAG: errors.py:33:11: error: the block of a kernel launch must be an int or a tuple of 1 to 3 ints, not float64
# CHECK-NOT: np.zeros() is not supported
