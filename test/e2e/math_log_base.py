# math.log(x, base) is log(x) / log(base), with CPython's domain errors.
import math
from parjit import jit


@jit
def logs(x, b):
    return math.log(x, b)


def main():
    print(logs(8.0, 2.0), logs(100, 10), logs(2.5, 1.5), logs(0.5, 4))
    print(math.log(1024, 2), math.log(7.0))


if __name__ == "__main__":
    main()
