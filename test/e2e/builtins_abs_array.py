# abs() of an array is np.abs (NumPy's __abs__), fused with the expression around it.
import numpy as np
def main():
    a = np.array([3, -7, 1], dtype=np.int8)
    print(abs(a), abs(np.array([-1.5, 2.0])) + 1, abs(a * 2))
    print(abs(-3), abs(np.array([True, False])))
main()
