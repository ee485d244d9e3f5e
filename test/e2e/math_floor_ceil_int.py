# math.floor/ceil return ints; int() truncates toward zero; float() converts.
import math
from parjit import jit


@jit
def conversions(x):
    return math.floor(x), math.ceil(x), int(x)


def main():
    print(conversions(2.5), conversions(-2.5), conversions(3.0), conversions(-0.1))
    print(conversions(1e15 + 0.5), conversions(-7.999999))
    f = math.floor(7.9)
    print(f + 1, f // 2, f / 2)
    print(int(3), int(-3.99), int(True), int(False), float(3), float(True))
    print(math.floor(5), math.ceil(-5), int(2.0 ** 40))
    n = int(10.0 / 3.0)
    print(n, n * 3)


if __name__ == "__main__":
    main()
