# Host statements that read no elements of an array do not bring it back
# from the GPU: passing it to a function (which syncs what it uses itself,
# here an offloaded one), a.shape, len(a). On the mock driver: three
# launches, one upload, and one download, for the print.
# (Reported by the GPU benchmark work: each timed offload call downloaded
# its output.)
# RUN: env PARJIT_CUDA_LIBRARY=%mockcuda MOCK_CUDA_STATS=%t.stats %parjit run --no-cache %s
# RUN: FileCheck %s < %t.stats
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def fill(a, k):
    for i in prange(a.shape[0]):
        a[i] = k


def main():
    a = np.zeros(1000)
    for rep in range(3):
        n = a.shape[0] + len(a)
        fill(a, float(n))
    print(a[0])


main()
# CHECK: launches=3
# CHECK: htod_calls=1
# CHECK: dtoh_calls=1
