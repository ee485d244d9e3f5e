# A .npy file whose array is not of the declared type: a ValueError that
# names both types (CPython would load it; parjit compiled for float64[:]).
# RUN: rm -rf %t && mkdir -p %t && cd %t
# RUN: /usr/bin/python3 -c "import numpy as np; np.save('grid.npy', np.zeros((2, 3), dtype=np.int32))"
# RUN: not %parjit run %s 2>&1 | FileCheck %s
from __future__ import annotations

import numpy as np

a: np.float64[:] = np.load("grid.npy")
print(a)
# CHECK: line 10, in <module>
# CHECK: ValueError: grid.npy holds a 2-d int32 array, expected a 1-d float64 array
