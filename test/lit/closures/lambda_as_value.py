# A lambda or nested function can be called where it is defined, not passed,
# stored or returned: parjit says so at the use.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
from parjit import jit


@jit
def apply(fn, x):
    return fn(x)


@jit
def passes(x):
    g = lambda y: y + 1
    return apply(g, x)
# CHECK: lambda_as_value.py:15:18: error: a lambda can only be called, not used as a value ('g' is passed, stored or returned here)
# CHECK-NEXT: {{^}}    return apply(g, x)
# CHECK-NEXT: {{^}}                 ^


@jit
def returns(x):
    def h(y):
        return y * x
    return h
# CHECK: lambda_as_value.py:25:12: error: {{.*}}'h'


print(passes(1.0))
print(returns(2.0))
