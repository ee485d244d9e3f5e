#!/usr/bin/env python3
"""Writes the .npy files that test/e2e/np_save_load.py reads (NumPy's own
files, in the layouts np.save produces). Run it from this directory."""
import numpy as np

np.save("grid.npy", np.arange(12.0).reshape(3, 4) / 8)
np.save("counts_be.npy", np.arange(-3, 7, dtype=">i4"))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3) + 0.5))
np.save("flags.npy", np.array([True, False, True, True]))
