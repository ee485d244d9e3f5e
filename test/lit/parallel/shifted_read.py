# RUN: not %parjit check %s 2>&1 | FileCheck %s
# a[i] = a[i] + a[i - 1] carries a value from one iteration to the next.
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def prefix(a):
    for i in prange(1, a.shape[0]):
        a[i] = a[i] + a[i - 1]

prefix(np.ones(10))
# CHECK: shifted_read.py:9:23: error: iteration i reads a[i - 1], which another iteration writes as a[i] (a loop-carried dependence); this loop cannot run in parallel: use range, or write into a separate output array
# CHECK: shifted_read.py:9:9: note: the write
# CHECK-NOT: error
