# Loading a file that is not there.
from __future__ import annotations

import numpy as np

print("before")
a: np.float64[:] = np.load("no_such_file.npy")
print(a)
