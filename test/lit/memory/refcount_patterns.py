# Every way an array reference is made and dropped; PARJIT_CHECK_LEAKS makes
# parjit report blocks still referenced when the program ends.
# RUN: env PARJIT_CHECK_LEAKS=1 %parjit run %s 2>&1 | FileCheck %s
import numpy as np
from parjit import jit, prange

@jit
def pair(n):
    a = np.zeros(n)
    b = np.ones(n)
    return a, b

@jit
def pick(flag, n):
    return np.zeros(n) if flag else np.ones(n)

@jit
def rebind(a):
    a = np.full(3, 7.0)
    return a

@jit(parallel=True)
def rows(m):
    s = 0.0
    for i in prange(m):
        t = np.ones(4)
        t = np.full(4, 2.0)
        s += t[0]
    return s

def main():
    a, b = pair(3)
    t = pair(2)
    x = t
    c = a
    a = b
    print(len(np.zeros(5)), np.ones(4)[2], pick(True, 2), pick(False, 3))
    print(rebind(c), c, x[1])
    print(rows(100))
    if len(np.ones(2)) > 1 and np.ones(3)[0] > 0.0:
        print("temps in tests")
    k = 0
    while np.zeros(3)[0] < 1.0 and k < 3:
        k += 1
    print(k)

main()
# CHECK: 5 1.0 [0. 0.] [1. 1. 1.]
# CHECK-NEXT: [7. 7. 7.] [0. 0. 0.] [1. 1.]
# CHECK-NEXT: 200.0
# CHECK-NEXT: temps in tests
# CHECK-NEXT: 3
# CHECK-NOT: still referenced
