import numpy as np
from parjit import jit, prange

@jit(parallel=True)
def total(n):
    s = 0
    for i in prange(n):
        if i == 3:
            print("three")
        s += i
    return s

print(total(100))
