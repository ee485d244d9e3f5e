# prange loops of @jit(parallel=True, target="cuda") functions become PTX
# kernels: a grid-stride loop over the (collapsed) iteration space; a
# reduction adds a tree in shared memory (256 threads: 8 barriers) whose
# result thread 0 writes to the block's partial. `--target=cuda` offloads
# every parallel=True function the same way.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
# RUN: sed -e 's/, target="cuda"//' %s > %t.cpu.py
# RUN: not %parjit emit-ptx %t.cpu.py 2>&1 | FileCheck %s --check-prefix=CPU
# RUN: %parjit emit-ptx --target=cuda %t.cpu.py | FileCheck %s --check-prefix=CLI
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def dot(a, b):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * b[i]
    return s


@jit(parallel=True, target="cuda")
def grid2(m, out):
    for i in prange(m.shape[0]):
        for j in prange(m.shape[1]):
            out[i, j] = m[i, j] * 2.0


@jit(parallel=True, target="cuda")
def histogram(x, bins):
    for i in prange(x.shape[0]):
        bins[x[i] % bins.shape[0]] += 1


def main():
    a = np.ones(1000)
    print(dot(a, a))
    m = np.ones((30, 40))
    out = np.zeros((30, 40))
    grid2(m, out)
    print(out.sum())
    bins = np.zeros(4, dtype=np.int64)
    histogram(np.arange(100), bins)
    print(bins)


main()
# CHECK: .visible .entry dot_prange19_{{[0-9]+}}(
# CHECK: %nctaid.x
# CHECK: ld.global.f64
# CHECK-COUNT-9: bar.sync 0;
# CHECK: st.global.f64
# CHECK: .visible .entry grid2_prange26_{{[0-9]+}}(
# CHECK: div.u{{32|64}}
# CHECK: st.global.f64
# CHECK-NOT: bar.sync
# CHECK: .visible .entry histogram_prange{{[0-9]+}}_{{[0-9]+}}(
# CHECK: {{atom|red}}.global.add.u64
# CPU: launches no CUDA kernel
# CLI: .visible .entry dot_prange19_
# CLI: .visible .entry grid2_prange26_
# RUN: %parjit explain %s | FileCheck %s --check-prefix=EXPLAIN
# EXPLAIN: line 19: prange loop: offloaded to the GPU, kernel dot_prange19_0
# EXPLAIN-NEXT: grid-stride loop, 256 threads per block, at most 4096 blocks (fixed by the trip count)
# EXPLAIN-NEXT: reductions: s (+), a tree per block in shared memory, then block by block in block order on the host
# EXPLAIN: line 26: prange loop: offloaded to the GPU, kernel grid2_prange26_1 (2 nested prange loops collapsed into one iteration space)
# EXPLAIN-NOT: line 27
# EXPLAIN: array reductions: bins (+=), atomic updates of the elements
