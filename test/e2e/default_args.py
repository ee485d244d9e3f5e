# Functions with default arguments, called with and without them.
from parjit import jit


@jit
def poly(x, a=1.0, b=0.0, c=0.0):
    return a * x * x + b * x + c


@jit
def count(n, start=0, step=1):
    s = 0
    for i in range(start, n, step):
        s += 1
    return s


@jit
def flag(x, strict=False):
    if strict:
        return x > 0
    return x >= 0


def main():
    print(poly(2.0), poly(2.0, 3.0), poly(2.0, 1.0, 1.0), poly(2.0, 1.0, 1.0, 1.0))
    print(poly(3), poly(3, 2), poly(3, 2, 1, 0))
    print(count(10), count(10, 5), count(10, 0, 3), count(10, step=2), count(10, start=8))
    print(flag(0), flag(0, True), flag(0, strict=True), flag(-1))
    print(poly(2.0, c=5.0), poly(x=1.5, b=2.0))


if __name__ == "__main__":
    main()
