# round(x) gives an int with ties to even; round(x, n) gives a float.
from parjit import jit


@jit
def r0(x):
    return round(x)


@jit
def r2(x):
    return round(x, 2)


def main():
    print(r0(0.5), r0(1.5), r0(2.5), r0(-0.5), r0(-1.5), r0(2.4999), r0(-2.6))
    print(r0(1e15 + 0.5), r0(7))
    print(r2(3.14159), r2(-2.675), r2(1.005), r2(0.125), r2(100.0))
    print(round(2.5), round(3.5), round(123.456, 1), round(123.456, 0), round(-0.04, 1))
    print(round(1234.5678, -2), round(5, 0))


if __name__ == "__main__":
    main()
