# Boolean masks: one of lower rank reads sub-arrays, but cannot be written
# through yet; one of higher rank is NumPy's IndexError, at compile time.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np


def main():
    X = np.zeros((4, 3))
    v = np.zeros(4)
    m = np.array([True, False, True, False])
    print(X[m].shape)
    X[m] = 1.0
    X[m] += 1.0
    print(v[X > 0])


main()
# CHECK-DAG: mask_rank_errors.py:12:7: error: assigning through a boolean index of lower rank than the array is not supported yet
# CHECK-DAG: mask_rank_errors.py:13:7: error: assigning through a boolean index of lower rank than the array is not supported yet
# CHECK-DAG: mask_rank_errors.py:14:15: error: too many indices for array: array is 1-dimensional, but 2 were indexed
# CHECK-NOT: mask_rank_errors.py:11
