# RUN: not %parjit check %s 2>&1 | FileCheck %s
# @jit("sig") lists the signatures a function may be called with; parjit
# checks the calls and the return type against them instead of converting.
import numpy as np
from parjit import jit

@jit(["float64(float64[:], int64)", "f4(f4[:], i8)"])
def pick(a, n):
    return a[n]

@jit("int64(int64)")
def half(x):
    return x / 2

@jit("float64(float64[:, :)")
def broken(a):
    return 1.0

pick(np.ones(3), 1)
pick(np.ones(3, dtype=np.float32), 1)
pick(np.ones(3, dtype=np.int32), 1)
half(3)
broken(np.ones((2, 2)))
# CHECK: jit_signature.py:7:7: error: 'pick' is called as pick(array(int32, 1d), int64), which matches no signature given to @jit
# CHECK: jit_signature.py:11:6: error: 'half' returns float64, but its signature says int64
# CHECK: jit_signature.py:15:27: error: bad signature: expected ',' or ']'
# CHECK-NOT: error
