# transpose with axes: a.transpose(1, 0, 2), np.transpose(a, (2, 0, 1)), negative axes; views.
import numpy as np
def main():
    a = np.arange(24).reshape(2, 3, 4)
    b = a.transpose(1, 0, 2)
    c = np.transpose(a, (2, 0, 1))
    d = a.transpose((0, -1, 1))
    print(b.shape, c.shape, d.shape, b[2, 1], c[3], d.strides)
    b[0, 1, 0] = -1
    print(a[1, 0], (c * 2).sum(), np.transpose(a, (0, 1, 2)).shape)
main()
