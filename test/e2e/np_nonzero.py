# np.nonzero / a.nonzero() / np.where(cond): a tuple of int64 index arrays, C order.
import numpy as np
def main():
    a = np.array([[0, 3, 0], [4, 0, 5]])
    r, c = np.nonzero(a)
    print(r, c)
    (i,) = np.where(np.arange(10) % 3 == 0)
    print(i, np.nonzero(np.array([0.0, -0.0, 2.5, np.nan])), a.T.nonzero())
    print(np.where(a > 10), len(np.nonzero(a)))
    print(np.where(np.zeros(3) > 0)[0].shape)
main()
