# math.gamma is C's tgamma (it was glibc's `gamma`, which is lgamma: wrong
# values); math.lgamma. CPython computes both itself, so values may differ
# from libm's in the last place: printed to 12 digits. Poles raise
# ValueError and overflow raises OverflowError, as in CPython.
import math


def main():
    for k in range(1, 8):
        x = k * 0.5
        print(x, round(math.gamma(x), 12), round(math.lgamma(x), 12))
    print(round(math.gamma(-0.5), 12), round(math.lgamma(-0.5), 12))
    print(math.gamma(5.0), math.gamma(1.0), math.lgamma(1.0), math.lgamma(2.0))
    print(math.gamma(171.0) > 7.25e306, math.lgamma(1e300) > 6.9e302)


main()
