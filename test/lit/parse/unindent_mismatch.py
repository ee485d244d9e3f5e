# RUN: not %parjit check %s 2>&1 | FileCheck %s
def f(n):
    if n > 0:
        n = 0
      return n
# CHECK: unindent_mismatch.py:5:7: error: unindent does not match any outer indentation level
