# The math module's functions on floats and ints.
import math
from parjit import jit


@jit
def unary(x):
    return (math.sqrt(x), math.exp(x), math.log(x), math.log2(x), math.log10(x))


@jit
def trig(x):
    return math.sin(x), math.cos(x), math.tan(x), math.atan(x)


@jit
def inverse(x):
    return math.asin(x), math.acos(x)


@jit
def hyper(x):
    return math.sinh(x), math.cosh(x), math.tanh(x)


@jit
def errf(x):
    return math.erf(x), math.erfc(x)


def main():
    print(unary(2.0))
    print(unary(10))
    print(unary(1e-3))
    print(trig(0.5))
    print(trig(-3.0))
    print(inverse(0.25), inverse(-1.0))
    print(hyper(0.75), hyper(-2))
    print(errf(0.5), errf(-1.5), errf(3.0))
    print(math.pow(2.0, 10.0), math.pow(2, 0.5), math.pow(9, 2))
    print(math.atan2(1.0, 1.0), math.atan2(-1.0, -1.0), math.atan2(0.0, -1.0), math.atan2(1, 0))
    print(math.fabs(-3.5), math.fabs(2), math.sqrt(16), math.exp(0))
    print(math.log(math.e), math.log10(1000.0), math.log2(1024))


if __name__ == "__main__":
    main()
