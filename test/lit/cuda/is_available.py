# cuda.is_available(): whether the driver loads and has the device; a
# script can fall back to the CPU without a GPU.
# RUN: env PARJIT_CUDA_LIBRARY=%mockcuda %parjit run --no-cache %s | FileCheck %s --check-prefix=MOCK
# RUN: env PARJIT_CUDA_LIBRARY=/nonexistent/libcuda.so.1 %parjit run --no-cache %s | FileCheck %s --check-prefix=NONE
import numpy as np
from numba import cuda


@cuda.jit
def fill(a):
    i = cuda.grid(1)
    if i < a.size:
        a[i] = 1.0


def main():
    a = np.zeros(4)
    ok = cuda.is_available()
    if ok:
        fill[1, 4](a)
        print("gpu", ok)
    else:
        a[:] = 1.0
        print("cpu", ok)


main()
# MOCK: gpu True
# NONE: cpu False
