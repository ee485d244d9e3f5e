import math
from parjit import jit


@jit
def root(x):
    return math.sqrt(x)


def main():
    print(root(2.0))
    print(root(-1.0))


if __name__ == "__main__":
    main()
