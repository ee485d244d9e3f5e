# Operands whose shapes do not broadcast: NumPy's ValueError, with the line.
import numpy as np


def combine(a, b):
    return a * 2.0 + b


print(combine(np.ones(3), np.ones(3)))
print(combine(np.ones(3), np.ones(4)))
