# divmod(a, b): (a // b, a % b) with Python's signs, for ints, floats and NumPy scalars.
import numpy as np

def main():
    print(divmod(7, 3), divmod(-7, 3), divmod(7, -3), divmod(-7.5, 2.0), divmod(7.5, -2))
    print(divmod(np.int8(-7), np.int8(2)), divmod(True, 3))
    q, r = divmod(100, 7)
    print(q, r)

main()
