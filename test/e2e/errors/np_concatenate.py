# Joining arrays whose other axes differ.
import numpy as np

a = np.zeros((2, 3))
print(np.concatenate((a, a)).shape)
print(np.concatenate((a, np.ones((2, 4)))))
