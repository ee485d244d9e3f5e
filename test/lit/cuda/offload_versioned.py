# Offloaded loops are versioned as CPU range loops are: when every index
# that depends only on the loop variables is in range for their whole
# ranges (checked once, before the grid-stride loop), a copy of the loop
# without bounds checks runs; otherwise the checked copy, which records
# the IndexError. The fast copy of triad is loads, arithmetic and a store.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
# RUN: %parjit emit-ptx --gpu-arch sm_80 --boundscheck=off %s | FileCheck %s --check-prefix=OFF
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]


@jit(parallel=True, target="cuda")
def smooth(u, out):
    for i in prange(1, u.shape[0] - 1):
        for j in prange(1, u.shape[1] - 1):
            out[i, j] = (u[i - 1, j] + u[i + 1, j] + u[i, j - 1] + u[i, j + 1]) * 0.25


def main():
    n = 1000
    a = np.zeros(n)
    triad(a, np.ones(n), np.ones(n), 2.0)
    print(a.sum())
    u = np.ones((20, 30))
    out = np.zeros((20, 30))
    smooth(u, out)
    print(out.sum())


main()
# The test of the whole range, then the fast loop: no error record in it.
# CHECK-LABEL: .entry triad_prange{{[0-9]+}}_{{[0-9]+}}(
# CHECK: min.s64
# CHECK: ld.global.f64
# CHECK-NOT: __pj_cuda_error
# CHECK: st.global.f64
# CHECK: bra
# The checked copy records an IndexError.
# CHECK: __pj_cuda_error
# CHECK-LABEL: .entry smooth_prange{{[0-9]+}}_{{[0-9]+}}(
# CHECK: div.u{{32|64}}
# CHECK: ld.global.f64
# CHECK-NOT: __pj_cuda_error
# CHECK: st.global.f64
# CHECK: __pj_cuda_error
# Without bounds checks there is one copy, and nothing to test first.
# OFF-LABEL: .entry triad_prange
# OFF-NOT: min.s64
# OFF-NOT: __pj_cuda_error
# OFF: .entry smooth_prange
# OFF-NOT: __pj_cuda_error
