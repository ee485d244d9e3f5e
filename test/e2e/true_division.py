# / always gives a float, even for two ints that divide exactly.
from parjit import jit


@jit
def ratio(a, b):
    return a / b


def main():
    print(ratio(7, 2), ratio(6, 3), ratio(-7, 2), ratio(1, 3))
    print(ratio(7.0, 2), ratio(7, 2.0), ratio(0, 5))
    print(ratio(9007199254740993, 1), ratio(2, 3) * 3)
    x = 10
    y = x / 4
    print(x, y, y * 4)


if __name__ == "__main__":
    main()
