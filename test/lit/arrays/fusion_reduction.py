# A reduction of an element-wise expression computes the elements block by
# block into a stack buffer and sums each block pairwise (NumPy's order)
# with no temporary array (one is only made, at run time, when operands turn
# out not to be C-contiguous of one shape); a slice assignment writes into
# the view with no temporary at all.
# RUN: %parjit emit-llvm %s | FileCheck %s
import numpy as np
from parjit import jit


@jit
def dot_like(a, b):
    return np.sum(a * b + 1.0)


@jit
def smooth(u, v):
    u[1:-1] = (v[:-2] + v[2:]) * 0.5


dot_like(np.ones(4), np.ones(4))
smooth(np.ones(5), np.ones(5))
# CHECK-LABEL: define {{.*}}dot_like
# CHECK: %sum.block = alloca [8192 x double]
# CHECK: call double @pj_pairwise_f64
# CHECK-LABEL: define {{.*}}smooth
# CHECK-NOT: call ptr @pj_alloc{{(_empty)?}}(
# CHECK: assign.direct
# CHECK-LABEL: define
