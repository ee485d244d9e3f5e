# RUN: sh -c '%parjit run %s; echo "exit=$?"' 2>&1 | FileCheck %s
def check(x):
    assert x > 0, "x must be positive"
    return x

print(check(2))
print(check(-1))
# CHECK: 2
# CHECK: AssertionError: x must be positive
# CHECK: exit=3
