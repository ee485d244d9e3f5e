# An array's dtype: as a dtype argument and printed.
import numpy as np
def main():
    a = np.arange(3, dtype=np.int16)
    b = np.zeros(4, dtype=a.dtype)
    c = np.ones(2).astype(a.dtype)
    print(a.dtype, b.dtype, c, b)
    print(np.empty(2, a.dtype).shape, np.full(2, 7, dtype=a.dtype))
main()
