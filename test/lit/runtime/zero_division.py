# RUN: sh -c '%parjit run %s; echo "exit=$?"' 2>&1 | FileCheck %s
def f(a, b):
    return a // b

print(f(7, 2))
print(f(7, 0))
# CHECK: 3
# CHECK: ZeroDivisionError: integer division or modulo by zero
# CHECK: exit=3
