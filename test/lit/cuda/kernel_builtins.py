# Builtins in kernels that need device versions of runtime functions:
# integer ** (square and multiply; a negative exponent records ValueError),
# math.gamma/lgamma (libdevice's tgamma/lgamma), round(x), divmod. What has no
# device version is an error at its place.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
# RUN: sed -e 's/#BAD //' %s > %t.bad.py
# RUN: not %parjit check %t.bad.py 2>&1 | FileCheck %s --check-prefix=ERR
import math
import numpy as np
from parjit import cuda


# CHECK: .entry powers
# CHECK-NOT: pj_pow_i64
# CHECK: mul.lo.s64
# CHECK: .entry gammas
# CHECK: cvt.rni.f64.f64
@cuda.jit
def powers(out, e):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = i ** 2 + (i - 3) ** e


@cuda.jit
def gammas(g, r):
    i = cuda.grid(1)
    if i < g.shape[0]:
        g[i] = math.gamma(i + 0.5) + math.lgamma(i + 1.5)
        r[i] = round(g[i] * 0.5) + divmod(i - 5, 3)[1]
        #BAD r[i] += round(g[i], 2) + int("3")


out = np.zeros(8, dtype=np.int64)
powers[1, 8](out, 5)
g = np.zeros(8)
r = np.zeros(8, dtype=np.int64)
gammas[1, 8](g, r)
# ERR-DAG: kernel_builtins.py.tmp.bad.py:33:17: error: round(x, ndigits) is not supported in CUDA kernels
# ERR-DAG: kernel_builtins.py.tmp.bad.py:33:34: error: int() of a string is not supported in CUDA kernels
