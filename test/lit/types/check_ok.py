# RUN: %parjit check %s 2>&1 | count 0
import numpy as np
from parjit import jit

@jit(boundscheck=False)
def f(a, k=2):
    for i in range(a.shape[0] - 1, -1, -1):
        a[i] = a[i] * k if i % 2 == 0 else -a[i]
    return a[0]

print(f(np.ones(4)))
