# RUN: not %parjit check %s 2>&1 | FileCheck %s
# A scalar one iteration writes and the next reads, and loop exits that need order.
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def carried(a):
    t = 0.0
    s = 0.0
    for i in prange(a.shape[0]):
        a[i] = t
        t = a[i] * 2.0
        s = s * 0.5 + a[i]
        if a[i] > 3.0:
            break
    return 1.0

@jit(parallel=True)
def early(a):
    for i in prange(a.shape[0]):
        if a[i] < 0.0:
            return i
    return -1

carried(np.ones(4))
early(np.ones(4))
# CHECK: scalar_carried.py:11:16: error: 't' is read here before this iteration of the prange loop assigns it, so it would see the value another iteration wrote (a loop-carried dependence)
# CHECK: scalar_carried.py:13:13: error: 's' is read here before this iteration of the prange loop assigns it
# CHECK: scalar_carried.py:15:13: error: 'break' cannot leave a prange loop: its iterations do not run in order
# CHECK: scalar_carried.py:22:13: error: 'return' inside a prange loop is not supported
# CHECK-NOT: error
