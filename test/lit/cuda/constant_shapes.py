# Shapes of shared and local arrays may be integer constant expressions of
# literals and module-level constants (TILE + 1, TPB // 32, a constant
# defined from another): folded when the module is read.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
# RUN: %parjit run --no-cache %s 2>&1 | FileCheck %s --check-prefix=HOST
import numpy as np
from parjit import cuda

TILE = 16
TPB = 128
WARPS = TPB // 32
PADDED = TILE + 1
NEG = -(TILE * 2) + 1 - 2 ** 3 + (7 % -3) + (-7 // 2)

# CHECK-DAG: .shared .align 16 .b8 {{.*}}[1088];
# CHECK-DAG: .shared .align 16 .b8 {{.*}}[32];


@cuda.jit
def transpose(x, out):
    tile = cuda.shared.array((TILE, PADDED), np.float32)
    partial = cuda.shared.array(WARPS, np.float64)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    tile[ty, tx] = x[ty, tx]
    if tx < WARPS:
        partial[tx] = tx
    cuda.syncthreads()
    out[ty, tx] = tile[tx, ty] + partial[(tx + 1) % WARPS]


def main():
    print(TILE, TPB, WARPS, PADDED, NEG)
    if NEG > 0:  # never: the kernel is compiled, not run (no GPU needed)
        x = np.ones((TILE, TILE), dtype=np.float32)
        transpose[1, (TILE, TILE)](x, np.zeros((TILE, TILE)))


main()
# HOST: 16 128 4 17 -45
