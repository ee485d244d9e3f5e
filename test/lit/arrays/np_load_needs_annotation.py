# np.load's array type comes from an annotation; without one, parjit says so.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np

a = np.load("data.npy")
# CHECK: np_load_needs_annotation.py:5:5: error: np.load() needs the array's type, which parjit must know before the file is read: annotate the variable, e.g. `a: np.float64[:, :] = np.load(path)`
