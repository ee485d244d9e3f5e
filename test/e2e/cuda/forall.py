# CUDA: kernel.forall(ntasks, tpb)(args), Numba-CUDA's launch for one thread per task.
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
    scale.forall(a.size, tpb=32, stream=0)(a, 3.0)
    print(a[:4], a.sum())


main()
