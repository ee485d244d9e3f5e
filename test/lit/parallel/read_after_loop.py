# RUN: not %parjit check %s 2>&1 | FileCheck %s
# A variable private to the iterations has no last value after the loop; a
# later loop that assigns the name again is fine.
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def f(a):
    for i in prange(a.shape[0]):
        x = a[i] * 2.0
        a[i] = x
    for i in range(3):
        a[i] = 0.0
    return x

f(np.ones(4))
# CHECK: read_after_loop.py:14:12: error: 'x' is assigned in the prange loop above and read after it; after a parallel loop it has no single last value
# CHECK: read_after_loop.py:9:5: note: the prange loop
# CHECK-NOT: error
