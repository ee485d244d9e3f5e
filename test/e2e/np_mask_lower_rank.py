# A boolean mask of lower rank selects the sub-arrays under it (X[labels == k] is rows).
import numpy as np

def main():
    X = np.arange(12.0).reshape(4, 3)
    labels = np.array([0, 1, 0, 1])
    for k in range(2):
        rows = X[labels == k]
        print(k, rows, rows.shape, rows.mean(axis=0))
    T = np.arange(24).reshape(2, 3, 4)
    m = np.array([[True, False, True], [False, False, True]])
    print(T[m], T[m].shape, T[np.array([False, True])].shape)
    print(X.T[np.array([True, False, True])])

main()
