# RUN: not %parjit check %s 2>&1 | FileCheck %s
print("hello)
# CHECK: unterminated_string.py:2:7: error: unterminated string literal (detected at line 2)
