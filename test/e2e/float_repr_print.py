# print() of floats uses the shortest repr that round-trips, as CPython does.
from parjit import jit


@jit
def third():
    return 1.0 / 3.0


def main():
    print(0.1 + 0.2)
    print(1.0, 100.0, -0.0, 0.5, 2.5e-3)
    print(1e15, 1e16, 1.5e16, 123456789012345678.0)
    print(1e-4, 1e-5, 0.00012345, 1.7976931348623157e308, 5e-324)
    print(third(), third() * 3, 2.0 ** 0.5)
    print(3.0 * 1.1, 1.1 * 1.1, 100.0 / 7.0)
    print(float(7), float(-3), 1e22, 1e21 + 1.0)
    print(9007199254740993.0, 0.1 * 3, 4.35 * 100)


if __name__ == "__main__":
    main()
