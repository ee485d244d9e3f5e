# RUN: not %parjit check %s 2>&1 | FileCheck %s
x = 1
    y = 2
# CHECK: unexpected_indent.py:3:5: error: unexpected indent
# CHECK-NEXT: {{^}}    y = 2
# CHECK-NEXT: {{^}}    ^
