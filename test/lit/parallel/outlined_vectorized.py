# A prange loop becomes a chunk function called through pj_parallel_for, and
# the loop inside the chunk is vectorized; a float reduction vectorizes too
# (each chunk's partial is summed in a fixed order).
# RUN: %parjit emit-llvm --function triad %s | FileCheck %s
# RUN: %parjit emit-llvm --function dot %s | FileCheck %s --check-prefix=DOT
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def triad(a, b, c, s):
    for i in prange(a.shape[0]):
        a[i] = b[i] + s * c[i]

@jit(parallel=True)
def dot(x, y):
    s = 0.0
    for i in prange(x.shape[0]):
        s += x[i] * y[i]
    return s

a = np.zeros(100)
triad(a, a, a, 2.0)
print(dot(a, a))
# CHECK: define {{.*}}@"triad(array(float64, 1d), array(float64, 1d), array(float64, 1d), float64)"
# CHECK: call i32 @pj_parallel_for(ptr {{.*}}, ptr {{.*}}@"triad({{.*}}).prange.line11", i64 %{{.*}}, i64 %{{.*}})
# CHECK: define {{.*}} i32 @"triad({{.*}}).prange.line11"(ptr {{.*}}%env, i64 %lo, i64 %hi)
# CHECK: fmul <{{[0-9]+}} x double>
# CHECK: fadd <{{[0-9]+}} x double>
# DOT: define {{.*}} i32 @"dot({{.*}}).prange.line17"(ptr {{.*}}%env, i64 %lo, i64 %hi)
# DOT: fadd reassoc <{{[0-9]+}} x double>
