# kernel.forall(ntasks, tpb)(args), as Numba-CUDA: one launch each, tpb
# threads per block (256 by default) and enough blocks for ntasks; on the
# mock driver (kernels do not run), counting launches and the last grid.
# RUN: env PARJIT_CUDA_LIBRARY=%mockcuda MOCK_CUDA_STATS=%t.stats %parjit run --no-cache %s
# RUN: FileCheck %s < %t.stats
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s | FileCheck %s --check-prefix=PTX
import numpy as np
from numba import cuda


@cuda.jit
def scale(a, k):
    i = cuda.grid(1)
    if i < a.size:
        a[i] *= k


def main():
    a = np.arange(1000, dtype=np.float64)
    scale.forall(a.size)(a, 2.0)
    scale.forall(a.size, 64)(a, 0.5)
    scale.forall(0, tpb=32, stream=0)(a, 3.0)
    print(a[:2])


main()
# CHECK: launches=3
# PTX: .entry scale
