# RUN: not %parjit check %s 2>&1 | FileCheck %s
# A variable whose value failed to type is not reported again where it is used.
import numpy as np

def f(n):
    a = np.not_a_function(n)
    b, c = undefined_pair
    return a[0] + b + c

f(3)
# CHECK: no_cascading_errors.py:6:12: error: np.not_a_function is not supported
# CHECK-NEXT: {{^}}    a = np.not_a_function(n)
# CHECK: no_cascading_errors.py:7:12: error: name 'undefined_pair' is not defined
# CHECK-NOT: error
