# RUN: not %parjit check %s 2>&1 | FileCheck %s
# The first syntax error ends parsing: one diagnostic, at the offending token.
a = 1
b = a a
c = = 2
# CHECK: invalid_syntax_location.py:4:7: error: invalid syntax
# CHECK-NOT: error
