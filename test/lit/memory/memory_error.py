# An array too large for memory raises MemoryError with the line, not a crash.
# RUN: not %parjit run %s 2>&1 | FileCheck %s
import numpy as np


def main():
    print("before")
    big = np.ones((1 << 20, 1 << 20, 64))
    print(big.sum())


main()
# CHECK: before
# CHECK: line 8, in main
# CHECK-NEXT: big = np.ones((1 << 20, 1 << 20, 64))
# CHECK-NEXT: MemoryError: cannot allocate 562949953421312 bytes
