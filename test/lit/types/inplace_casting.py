# In-place operators on arrays follow NumPy's 'same_kind' casting: the
# operation's dtype (value-based for a constant scalar) must cast to the
# array's within its kind or safely. And a constant's value can make a
# bitwise operation float64, which NumPy refuses.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np


def main():
    u = np.array([200, 7], dtype=np.uint8)
    u += -1
    u += np.array([1, 1], dtype=np.int8)
    b = np.array([True, False])
    b += np.array([1, 2], dtype=np.int8)
    x = np.array([3, 9], dtype=np.uint64)
    print(x & -7)
    i = np.array([1, 2], dtype=np.int32)
    i += 1e300
    u += 1
    u *= 300
    i += np.array([1, 2], dtype=np.int64)
    i += np.array([1, 2], dtype=np.uint8)
    print(u, i, x & 7)


main()
# CHECK-DAG: inplace_casting.py:11:7: error: Cannot cast ufunc '+' output from dtype('int16') to dtype('uint8') with casting rule 'same_kind'
# CHECK-DAG: inplace_casting.py:12:7: error: Cannot cast ufunc '+' output from dtype('int16') to dtype('uint8') with casting rule 'same_kind'
# CHECK-DAG: inplace_casting.py:14:7: error: Cannot cast ufunc '+' output from dtype('int8') to dtype('bool') with casting rule 'same_kind'
# CHECK-DAG: inplace_casting.py:16:13: error: ufunc for & is not supported for array(uint64, 1d) and int64 (NumPy promotes them to float64 for this value); make both unsigned or both signed
# CHECK-DAG: inplace_casting.py:18:7: error: Cannot cast ufunc '+' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'
# CHECK-NOT: inplace_casting.py:{{19|2[0-9]}}:
