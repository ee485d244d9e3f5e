# RUN: not %parjit check %s 2>&1 | FileCheck %s
# Every iteration writing the same element is a race; a float array
# reduction would depend on the thread count; both are refused.
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def same(a, b):
    for i in prange(b.shape[0]):
        a[0] = b[i]

@jit(parallel=True)
def weighted(bins, w, out):
    for i in prange(bins.shape[0]):
        out[bins[i]] += w[i]

same(np.zeros(3), np.ones(3))
weighted(np.zeros(3, dtype=np.int64), np.ones(3), np.zeros(3))
# CHECK: array_writes.py:10:9: error: every iteration of this prange loop may write the same elements of 'a' (a[0] does not depend on 'i'): a data race; use range, or index the write with 'i'
# CHECK: array_writes.py:15:9: error: 'out' is accumulated at an index that does not depend on 'i' (out[bins[i]] += ...): a floating-point array reduction across threads would give results that depend on the thread count; parjit refuses it
# CHECK: array_writes.py:14:5: note: accumulate into an integer array
# CHECK-NOT: error
