# RUN: not %parjit check %s 2>&1 | FileCheck %s
def f():
    return 1

f() = 2
# CHECK: assign_to_call.py:5:1: error: cannot assign to function call
