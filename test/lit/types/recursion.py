# RUN: not %parjit check %s 2>&1 | FileCheck %s
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(5))
# CHECK: recursion.py:5:16: error: recursion is not supported ('fact' calls itself)
