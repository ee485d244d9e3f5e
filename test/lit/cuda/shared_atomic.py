# Shared memory, barriers and atomics: a block sum in a __shared__ array,
# then one atomic add per block; a 2-D grid with a 2-D shared tile.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
import numpy as np
from parjit import cuda

TPB = 128
TILE = 16


@cuda.jit
def block_sum(x, out):
    tmp = cuda.shared.array(TPB, np.float64)
    t = cuda.threadIdx.x
    i = cuda.blockIdx.x * cuda.blockDim.x + t
    tmp[t] = x[i] if i < x.shape[0] else 0.0
    cuda.syncthreads()
    s = TPB // 2
    while s > 0:
        if t < s:
            tmp[t] += tmp[t + s]
        cuda.syncthreads()
        s //= 2
    if t == 0:
        cuda.atomic.add(out, 0, tmp[0])


@cuda.jit
def transpose(a, b):
    tile = cuda.shared.array((TILE, TILE), np.float32)
    x, y = cuda.grid(2)
    tx = cuda.threadIdx.x
    ty = cuda.threadIdx.y
    if x < a.shape[0] and y < a.shape[1]:
        tile[ty, tx] = a[x, y]
    cuda.syncthreads()
    if x < a.shape[0] and y < a.shape[1]:
        b[y, x] = tile[ty, tx]


@cuda.jit
def histogram(x, bins):
    i = cuda.grid(1)
    if i < x.shape[0]:
        cuda.atomic.add(bins, x[i] % bins.shape[0], 1)


def main():
    x = np.arange(1000.0)
    out = np.zeros(1)
    block_sum[8, TPB](x, out)
    a = np.ones((64, 48), dtype=np.float32)
    b = np.zeros((48, 64), dtype=np.float32)
    transpose[(4, 3), (TILE, TILE)](a, b)
    h = np.zeros(10, dtype=np.int64)
    histogram[8, 128](np.arange(1000), h)
    print(out[0], b.sum(), h)


main()
# CHECK: .visible .entry block_sum_0(
# CHECK: .shared .align 16 .b8 {{.*}}[1024];
# CHECK: bar.sync 0;
# CHECK: {{red|atom}}.global.add.f64
# CHECK: .visible .entry transpose_1(
# CHECK: .shared .align 16 .b8 {{.*}}[1024];
# CHECK: %ctaid.y
# CHECK: bar.sync 0;
# CHECK: .visible .entry histogram_2(
# CHECK: {{red|atom}}.global.add.u64
# A loop whose body has cuda.syncthreads() is not split into a fast and a
# bounds-checked copy (threads of a block must meet at the same barrier);
# a loop without one is (the checked copy outlined into a cold function).
# RUN: %parjit emit-ptx --gpu-arch sm_80 %S/../../e2e/cuda/matmul_shared.py | FileCheck %s --check-prefix=BARRIER
# BARRIER-NOT: checked
# RUN: %parjit emit-ptx --gpu-arch sm_80 %S/../../../bench/gpu/matmul_offload.py | FileCheck %s --check-prefix=NOBARRIER
# NOBARRIER: .func {{.*}}checked
