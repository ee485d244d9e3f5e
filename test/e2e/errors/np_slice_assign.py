# Assigning an array to a slice of another length.
import numpy as np

a = np.zeros(5)
a[1:4] = np.ones(3)
print(a)
a[2:] = np.arange(5.0)
