# RUN: not %parjit check %s 2>&1 | FileCheck %s
def f(x):
    return x + "a"

f(1)
# CHECK: unsupported_operand.py:3:14: error: unsupported operand types for +: 'int64' and 'str'
# CHECK-NEXT: {{^}}    return x + "a"
# CHECK-NEXT: {{^}}             ^
