# scipy.special.erf / erfc on arrays and numbers give scipy's bits (the Cephes
# algorithms), which differ from glibc's erf (math.erf) in the last place.
import math

import numpy as np
import scipy.special
from scipy.special import erf


def cnd(x):
    return 0.5 * (1.0 + erf(x / np.sqrt(2.0)))


def main():
    x = np.linspace(-6.0, 6.0, 2001)
    print(erf(x).sum(), scipy.special.erfc(x).sum(), cnd(x).sum(), erf(x)[1234], scipy.special.erfc(x)[1999])
    print(erf(0.3), scipy.special.erfc(-2.5), math.erf(0.3), erf(np.float32(0.5) * np.ones(3, dtype=np.float32)))


main()
