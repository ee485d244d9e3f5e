# Functions read module-level constants only; other module-level variables
# are an error that says so (and the errors do not cascade).
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np

TAPS = np.array([1.0, 2.0])
ROWS = np.arange(3)
TWICE = 1
TWICE = 2


def main():
    t = TAPS[0] + TWICE
    print(t, ROWS[1:])


main()
# CHECK: module_globals.py:13:9: error: global variable 'TAPS' is not a compile-time constant: functions can read module-level numbers (and integer expressions of them) only; pass 'TAPS' as an argument
# CHECK: module_globals.py:13:19: error: global variable 'TWICE' is assigned more than once; only module-level constants can be read from functions
# CHECK: module_globals.py:14:14: error: global variable 'ROWS' is not a compile-time constant
# CHECK-NOT: slicing
