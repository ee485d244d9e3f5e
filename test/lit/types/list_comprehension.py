# RUN: not %parjit check %s 2>&1 | FileCheck %s
def squares(n):
    return [i * i for i in range(n)]

def never_called():
    # anything that parses is fine in a function nobody calls
    return {k: v for k, v in zip("ab", "cd")}

squares(3)
# CHECK: list_comprehension.py:3:12: error: list comprehensions are not supported
# CHECK-NOT: error
