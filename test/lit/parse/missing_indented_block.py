# RUN: not %parjit check %s 2>&1 | FileCheck %s
def f(n):
    if n > 0:
    return n
# CHECK: missing_indented_block.py:4:5: error: expected an indented block after 'if' statement on line 3
