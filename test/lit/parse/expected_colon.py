# RUN: not %parjit check %s 2>&1 | FileCheck %s
for i in range(3)
    print(i)
# CHECK: expected_colon.py:2:18: error: expected ':'
