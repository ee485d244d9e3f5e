# abs, min and max on ints and floats (arguments of one type per call:
# Python's min/max return one of their arguments unchanged, so a mixed call
# has a type that depends on the values).
import math
from parjit import jit


@jit
def absolute(x):
    return abs(x)


@jit
def lo_hi(a, b):
    return min(a, b), max(a, b)


def main():
    print(absolute(-5), absolute(5), absolute(0), absolute(-2.5), absolute(-0.0))
    print(min(3, 1, 2), max(3, 1, 2), min(1.5, -2.5), max(-1, -2), max(0.5, 0.25, 0.75))
    print(lo_hi(3, 7), lo_hi(7, 3), lo_hi(-1.5, -2.5), lo_hi(4, 4))
    # Ties and signed zeros: min returns the first argument unless a later
    # one is strictly smaller; max likewise.
    print(lo_hi(0.0, -0.0), lo_hi(-0.0, 0.0))
    # nan: comparisons with nan are false, so the first argument is kept.
    print(lo_hi(math.nan, 1.0), lo_hi(1.0, math.nan))
    s = 0
    for i in range(-5, 6):
        s += abs(i) * max(i, 0) - min(i, 0)
    print(s)
    print(abs(-9223372036854775807), max(True, False), min(True, False))


if __name__ == "__main__":
    main()
