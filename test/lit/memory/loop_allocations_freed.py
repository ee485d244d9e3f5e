# Arrays are freed when their last reference goes, not at exit: 200 arrays of
# 64 MiB (12.5 GiB in all) fit in a 3 GiB address space one at a time.
# UNSUPPORTED: asan
# RUN: sh -c 'ulimit -v 3000000; %parjit run %s' 2>&1 | FileCheck %s
import numpy as np
from parjit import jit

@jit
def make(n):
    a = np.ones(n)
    return a

def main():
    total = 0.0
    for i in range(200):
        a = make(8 << 20)
        total += a[i]
        b = np.full(8 << 20, 2.0)
        total += b[0]
    print(total)

main()
# CHECK: 600.0
# CHECK-NOT: Error
