# An exception raised inside a lambda names it in the traceback as CPython
# does ("in <lambda>"), with the line of the lambda's body.
# RUN: not %parjit run %s 2>&1 | FileCheck %s
import numpy as np
from parjit import jit


@jit
def bad(a):
    get = lambda i: a[i]
    return get(10)


print(bad(np.arange(3.0)))
# CHECK: Traceback (most recent call last):
# CHECK: File "{{.*}}lambda_traceback.py", line 11, in bad
# CHECK-NEXT: return get(10)
# CHECK-NEXT: File "{{.*}}lambda_traceback.py", line 10, in <lambda>
# CHECK-NEXT: get = lambda i: a[i]
# CHECK-NEXT: IndexError: index 10 is out of bounds for axis 0 with size 3
