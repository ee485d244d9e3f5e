# ** on ints with non-negative exponents stays int; on floats it is pow().
from parjit import jit


@jit
def ipow(b, e):
    return b ** e


@jit
def fpow(b, e):
    return b ** e


def main():
    for e in range(0, 8):
        print(ipow(3, e), ipow(-2, e), end=" ")
    print()
    print(ipow(2, 62), ipow(10, 18), ipow(0, 0), ipow(-1, 63))
    print(fpow(2.0, 0.5), fpow(2.0, -2.0), fpow(-8.0, 3.0), fpow(10.0, 10))
    print(fpow(2, -1.0), fpow(1.5, 2), fpow(0.0, 0.0))
    x = 7
    x **= 2
    y = 1.5
    y **= 3
    print(x, y, 2 ** 10, 2.0 ** 10, 4 ** 0.5)
    r = 100
    r **= -1  # a negative literal exponent: a float, as r ** -1
    print(r, 2 ** -2)


if __name__ == "__main__":
    main()
