# Tuple repetition by an integer constant: shapes like (2,) * ndim.
import numpy as np
N = 3
def main():
    a = np.zeros((2,) * 2)
    t = (1, 2) * N
    u = 2 * (7,)
    print(a.shape, t, u, (5,) * 0, np.ones(3 * (2,)).sum())
main()
