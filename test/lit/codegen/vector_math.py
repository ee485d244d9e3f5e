# Array expressions vectorize exp, sin, log, ... through glibc's libmvec;
# math.* in a loop keeps libm's bits (as CPython's) unless fastmath=True.
# RUN: %parjit emit-asm --function ufuncs %s | FileCheck %s --check-prefix=UFUNC
# RUN: %parjit emit-asm --function exact_loop %s | FileCheck %s --check-prefix=EXACT
# RUN: %parjit emit-asm --function fast_loop %s | FileCheck %s --check-prefix=FAST
# RUN: env PARJIT_VECTOR_MATH=0 %parjit emit-asm --function ufuncs %s | FileCheck %s --check-prefix=OFF
import math

import numpy as np
from parjit import jit


@jit
def ufuncs(a, out):
    out[:] = np.exp(-a) * np.sin(a)


@jit
def exact_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = math.exp(a[i])


@jit(fastmath=True)
def fast_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = math.exp(a[i])


x = np.ones(8)
ufuncs(x, x)
exact_loop(x, x)
fast_loop(x, x)
# UFUNC-DAG: _ZGV{{[a-z]}}N{{[0-9]+}}v_exp
# UFUNC-DAG: _ZGV{{[a-z]}}N{{[0-9]+}}v_sin
# EXACT-NOT: _ZGV
# EXACT: {{call|jmp}}{{q?}} exp
# EXACT-NOT: _ZGV
# FAST: _ZGV{{[a-z]}}N{{[0-9]+}}v_exp
# OFF-NOT: _ZGV
