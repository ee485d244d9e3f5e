# a[...]: the whole array as a view, read, assigned and updated in place.
import numpy as np
def main():
    a = np.zeros((2, 3))
    a[...] = 5.0
    b = a[...]
    b[0, 0] = 1.0
    a[...] += np.arange(3)
    c = np.zeros(4)
    c[...] = np.arange(4) * 2
    print(a, b.shape, c, a[..., 1], a[1, ...])
main()
