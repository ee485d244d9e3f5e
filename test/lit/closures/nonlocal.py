# `nonlocal` (writing an enclosing function's variable) is not supported.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
from parjit import jit


@jit
def counter(n):
    c = 0
    def bump():
        nonlocal c
        c += 1
    for i in range(n):
        bump()
    return c
# CHECK: nonlocal.py:10:9: error: {{.*}}nonlocal


print(counter(3))
