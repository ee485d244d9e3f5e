import math
from parjit import jit


@jit
def logs(x, b):
    return math.log(x, b)


def main():
    print(logs(8.0, 2.0))
    print(logs(3.0, 1.0))


if __name__ == "__main__":
    main()
