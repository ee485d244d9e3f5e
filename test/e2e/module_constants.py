# Module-level constants that functions read: number literals, integer
# expressions of them (folded when the module is read, so a local of the
# same name elsewhere does not change them), and tuples of constants.
import numpy as np

N = 6
HALF = N // 2
MASK = (1 << HALF) - 1
NEG = -(N * 3) % 5 - 2 ** 4
SHAPE = (HALF, N - 1)
MIXED = (1, -2.5, True, (N, 7))
SCALE = -0.5


def area():
    return SHAPE[0] * SHAPE[1]


def shadow(N):
    return N + HALF  # HALF stays 3 whatever N is here


def main():
    print(N, HALF, MASK, NEG, SHAPE, MIXED, SCALE)
    a = np.zeros(SHAPE)
    print(a.shape, area(), shadow(100), MIXED[3][0] + MIXED[1])


main()
