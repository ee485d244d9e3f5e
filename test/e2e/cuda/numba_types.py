# CUDA: Numba's scalar types as dtypes and conversions (`from numba import
# cuda, float32`, the Numba documentation's matrix multiplication), and
# math.radians/degrees in a kernel.
import math
import numpy as np
from numba import cuda, float32, int32

TPB = 8


@cuda.jit
def fast_matmul(A, B, C):
    sA = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
    sB = cuda.shared.array(shape=(TPB, TPB), dtype=float32)
    x, y = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    bpg = cuda.gridDim.x
    if x >= C.shape[0] and y >= C.shape[1]:
        return
    tmp = float32(0.)
    for i in range(bpg):
        sA[tx, ty] = A[x, ty + i * TPB]
        sB[tx, ty] = B[tx + i * TPB, y]
        cuda.syncthreads()
        for j in range(TPB):
            tmp += sA[tx, j] * sB[j, ty]
        cuda.syncthreads()
    C[x, y] = tmp


@cuda.jit
def angles(deg, rad, back, n):
    i = cuda.grid(1)
    if i < deg.shape[0]:
        rad[i] = math.radians(deg[i])
        back[i] = math.degrees(rad[i])
        n[i] = int32(deg[i]) // int32(45)


def main():
    n = 16
    A = (np.arange(n * n) % 7 - 3).astype(np.float32).reshape(n, n)
    B = (np.arange(n * n) % 5 - 2).astype(np.float32).reshape(n, n)
    C = np.zeros((n, n), dtype=np.float32)
    fast_matmul[(n // TPB, n // TPB), (TPB, TPB)](A, B, C)
    print(C[0, :6], C.sum(), (C == A @ B).all())

    deg = np.arange(0.0, 360.0, 45.0)
    rad = np.zeros_like(deg)
    back = np.zeros_like(deg)
    k = np.zeros(deg.shape[0], dtype=np.int32)
    angles[1, 16](deg, rad, back, k)
    print(rad, back, k)
    print(math.radians(180.0) == math.pi, math.degrees(1.0))


main()
