import math
import numpy as np
from parjit import jit

@jit
def saxpy(a, x, y):
    for i in range(x.shape[0]):
        y[i] = a * x[i] + y[i]

@jit
def norm(x):
    s = 0.0
    for i in range(len(x)):
        s += x[i] * x[i]
    return math.sqrt(s)

def main():
    n = 1000
    x = np.arange(n, dtype=np.float64)
    y = np.ones(n)
    saxpy(2.0, x, y)
    print(norm(y), y[0], y[-1])
    print(y)

if __name__ == "__main__":
    main()
