# The axes of transpose: NumPy's messages, at compile time.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np


def main():
    a = np.zeros((2, 3, 4))
    k = 1
    print(a.transpose(1, 0), np.transpose(a, (0, 3, 1)), a.transpose(1, 1, 0), a.transpose(k, 0, 2))


main()
# CHECK-DAG: transpose_axes_errors.py:9:23: error: axes don't match array
# CHECK-DAG: transpose_axes_errors.py:9:46: error: axis 3 is out of bounds for array of dimension 3
# CHECK-DAG: transpose_axes_errors.py:9:70: error: repeated axis in transpose
# CHECK-DAG: transpose_axes_errors.py:9:92: error: the axes of transpose must be integer literals
