# np.save / np.load: files NumPy wrote are read (any byte order, Fortran
# order), and files parjit writes read back the same (runs in a scratch
# directory holding test/e2e/data's files).
from __future__ import annotations

import numpy as np


def main():
    grid: np.float64[:, :] = np.load("grid.npy")
    counts: np.int32[:] = np.load("counts_be.npy")
    fortran: np.float32[:, :] = np.load("fortran.npy")
    flags: np.bool_[:] = np.load("flags.npy")
    print(grid, grid.shape, counts, fortran, fortran[1], flags)
    np.save("out", grid.T * 2)  # ".npy" is added
    np.save("view.npy", counts[::-2])
    back: np.float64[:, :] = np.load("out.npy")
    view: np.int32[:] = np.load("view.npy")
    print(back, back.shape, view, (back == grid.T * 2).all())
    big = np.arange(100000.0) * 0.25
    np.save("big.npy", big)
    big2: np.float64[:] = np.load("big.npy")
    print(big2.sum(), big2[-1])


main()
