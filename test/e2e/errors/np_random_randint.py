# randint with an empty range.
import numpy as np

np.random.seed(1)
print(np.random.randint(0, 5))
print(np.random.randint(5, 5))
