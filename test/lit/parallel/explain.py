# RUN: %parjit explain %s | FileCheck %s
import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def stats(a, hist):
    s = 0.0
    m = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        m = max(m, a[i])
        hist[int(a[i]) % 4] += 1
        for j in prange(3):
            hist[j] += 0
    return s, m

@jit
def serial(a):
    for i in prange(a.shape[0]):
        a[i] = 1.0

a = np.ones(8)
print(stats(a, np.zeros(4, dtype=np.int64)))
serial(a)
# CHECK: explain.py:6: stats(array(float64, 1d), array(int64, 1d)) [parallel=True]
# CHECK-NEXT: line 9: prange loop: parallel, chunks of at least {{[0-9]+}} iterations
# CHECK-NEXT: reductions: m (max) s (+), combined chunk by chunk in chunk order
# CHECK-NEXT: array reductions: hist (+=), one private copy per thread, added in thread order
# CHECK: line 13: prange loop: serial: nested in the prange loop at line 9: it runs serially within each chunk of that loop
# CHECK: explain.py:18: serial(array(float64, 1d))
# CHECK-NEXT: line 19: prange loop: serial: 'serial' is not compiled with @jit(parallel=True): prange is range there
# CHECK-NEXT: vectorized, {{[0-9]+}} lanes
