# bool values: bool(), comparisons, not, and bools used as numbers.
from parjit import jit


@jit
def truthy(x):
    return bool(x)


@jit
def count_true(a, b, c):
    return a + b + c


def main():
    print(truthy(0), truthy(3), truthy(-1), truthy(0.0), truthy(0.1), truthy(True))
    print(count_true(True, False, True), count_true(True, True, True))
    t = 3 > 2
    f = not t
    print(t, f, t == True, f != False, not not t)
    print(True + 1, True * 2.5, -True, True + True, False - True)
    print(t and f, t or f, int(t), float(f))


if __name__ == "__main__":
    main()
