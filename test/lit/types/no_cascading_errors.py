# RUN: not %parjit check %s 2>&1 | FileCheck %s
# A variable whose value failed to type is not reported again where it is used.
import numpy as np

def f(n):
    a = np.not_a_function(n)
    b, c = undefined_pair
    return a[0] + b + c

def g(t):
    for x in t:
        print(x)

f(3)
g((1, 2.5))
# CHECK: no_cascading_errors.py:6:12: error: np.not_a_function is not supported
# CHECK-NEXT: {{^}}    a = np.not_a_function(n)
# CHECK: no_cascading_errors.py:7:12: error: name 'undefined_pair' is not defined
# CHECK: no_cascading_errors.py:11:14: error: for loops over tuple(int64, float64) are not supported
# CHECK-NOT: error
