# An element-wise expression compiles to one loop and one allocation (its
# result): no temporary array per operator.
# RUN: %parjit emit-llvm %s | FileCheck %s
import numpy as np
from parjit import jit


@jit
def fused(a, b, x):
    c = a * b + np.sin(x) * 2.0
    return c


fused(np.ones(4), np.ones(4), np.ones(4))
# CHECK-LABEL: define {{.*}}fused
# CHECK: call ptr @pj_alloc{{(_empty)?}}(
# CHECK-NOT: call ptr @pj_alloc{{(_empty)?}}(
# CHECK: call double @llvm.sin.f64
# CHECK-NOT: call ptr @pj_alloc{{(_empty)?}}(
# CHECK-LABEL: define
