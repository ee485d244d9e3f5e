# parjit explain lists array statements as loops: one fused loop nest each,
# in chunks on all threads in a parallel=True function, and whether LLVM
# vectorized it.
# RUN: %parjit explain %s | FileCheck %s
import numpy as np
from parjit import jit


@jit
def smooth(u, v):
    u[1:-1] = (v[:-2] + v[2:]) * 0.5
    w = u * 2.0 + 1.0
    w += v
    return w


@jit(parallel=True)
def scale(a):
    a[:] = a * 3.0


x = np.ones(100)
smooth(x, x.copy())
scale(x)
# CHECK: explain_arrays.py:10: smooth(
# CHECK-NEXT: line 11: assignment to a view: one fused loop nest{{$}}
# CHECK-NEXT: vectorized, {{[0-9]+}} lanes
# CHECK-NEXT: line 12: array expression: one fused loop nest{{$}}
# CHECK-NEXT: vectorized
# CHECK-NEXT: line 13: in-place array update: one fused loop nest{{$}}
# CHECK: explain_arrays.py:18: scale({{.*}}) [parallel=True]
# CHECK-NEXT: line 19: assignment to a view: one fused loop nest, in chunks of rows on all threads
# CHECK-NEXT: vectorized
