# uint64 with a signed int has float64 as NumPy's common type, which has no
# bitwise operations: an error (NumPy raises TypeError), not a crash; a
# literal above uint64's range, or one below int64's, is an error too.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np


def main():
    x = np.uint64(5)
    a = np.arange(4).astype(np.uint64)
    print(x >> 1, x & 3, a & np.arange(4))
    print(x + 1)  # fine: float64, as NumPy 1.24
    print(18446744073709551616, -9223372036854775809)
    print(np.array([True, False]) - True)


main()
# CHECK-DAG: unsigned_mixing.py:11:13: error: unsupported operand types for >>: uint64 and int64 (NumPy promotes them to float64, which has no bitwise operations); make both unsigned, e.g. np.uint64(1)
# CHECK-DAG: unsigned_mixing.py:11:21: error: unsupported operand types for &: uint64 and int64
# CHECK-DAG: unsigned_mixing.py:11:28: error: ufunc for & is not supported for array(uint64, 1d) and array(int64, 1d) (NumPy promotes them to float64); make both unsigned or both signed
# CHECK-DAG: unsigned_mixing.py:13:11: error: integer literal is too large for 64 bits
# CHECK-DAG: unsigned_mixing.py:13:33: error: integer literal is too large for int64
# CHECK-DAG: unsigned_mixing.py:14:35: error: numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.
# CHECK-NOT: unsigned_mixing.py:12
