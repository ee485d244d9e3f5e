# A boolean index whose shape is not the array's.
import numpy as np

a = np.arange(10)
print(a[a > 4])
print(a[np.ones(4, dtype=np.bool_)])
