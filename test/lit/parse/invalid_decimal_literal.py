# RUN: not %parjit check %s 2>&1 | FileCheck %s
x = 12abc
# CHECK: invalid_decimal_literal.py:2:5: error: invalid decimal literal
