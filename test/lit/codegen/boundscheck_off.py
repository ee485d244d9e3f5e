# RUN: %parjit emit-llvm --boundscheck=off --function get %s | FileCheck %s
# RUN: %parjit emit-llvm --function get %s | FileCheck %s --check-prefix=ON
import numpy as np

def get(a, i):
    return a[i]

print(get(np.ones(3), 1))
# CHECK-NOT: pj_raise_index
# ON: pj_raise_index
