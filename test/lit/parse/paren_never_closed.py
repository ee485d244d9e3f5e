# RUN: not %parjit check %s 2>&1 | FileCheck %s
def f(a, b):
    return max(a,
               b

x = f(1, 2)
# CHECK: paren_never_closed.py:3:15: error: '(' was never closed
