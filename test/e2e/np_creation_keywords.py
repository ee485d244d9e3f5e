# Array creation with the shape (and np.full's fill value) passed by keyword, as NumPy allows.
import numpy as np
from numba import cuda
def main():
    a = np.zeros(shape=(2, 3))
    b = np.full((2,), fill_value=7, dtype=np.int8)
    c = np.ones(shape=4, dtype=np.float32)
    d = cuda.device_array(shape=(2, 2), dtype=np.int32)
    e = np.full(shape=3, fill_value=2.5)
    print(a, b, c, d.shape, e)
main()
