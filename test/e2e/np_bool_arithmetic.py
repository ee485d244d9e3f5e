# Arithmetic on bool arrays as NumPy: + and * are logical or and and
# (bool results), // % ** << >> compute in int8, / in float64; with an int
# or float operand the other dtype wins.
import numpy as np

def main():
    b = np.array([True, False, True])
    c = np.array([True, True, False])
    print(b + b, b * c, True + b, b * False, b + c)
    print(b // c, b % c, b ** c, b << c, b >> c, b / c)
    print(b + 1, b * 2.5, b - 1)
    d = b.copy()
    d += c
    print(d)
    d *= c
    print(d)
    print(np.sum(b + c), (b + c).sum())

main()
