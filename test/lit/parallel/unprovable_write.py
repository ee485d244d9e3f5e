# RUN: %parjit run %s 2>&1 | FileCheck %s
# A write through an index parjit cannot analyze is a warning, not an error:
# the loop runs in parallel, and the warning says what was not proven.
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def scatter(perm, src, dst):
    for i in prange(perm.shape[0]):
        dst[perm[i]] = src[i]

perm = np.zeros(4, dtype=np.int64)
for k in range(4):
    perm[k] = 3 - k
dst = np.zeros(4)
scatter(perm, np.arange(4, dtype=np.float64), dst)
print(dst)
# CHECK: unprovable_write.py:10:9: warning: parjit cannot prove that the iterations of this prange loop write different elements of 'dst' (dst[perm[i]]); if two iterations write the same element the result depends on timing
# CHECK: [3. 2. 1. 0.]
