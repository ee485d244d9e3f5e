# Functions return tuples; callers unpack them or print them whole.
from parjit import jit


@jit
def minmax(a, b, c):
    lo = min(a, b, c)
    hi = max(a, b, c)
    return lo, hi


@jit
def stats3(a, b, c):
    lo, hi = minmax(a, b, c)
    return lo, hi, (a + b + c) / 3


@jit
def divmod_like(a, b):
    return (a // b, a % b)


@jit
def mixed(n):
    return n, n * 0.5, n > 2


def main():
    lo, hi, mean = stats3(4, -2, 9)
    print(lo, hi, mean)
    print(stats3(1.5, 0.5, 2.5))
    q, r = divmod_like(17, 5)
    print(q, r)
    print(divmod_like(-17, 5))
    t = mixed(3)
    print(t)
    print(mixed(1))
    a, b, c = mixed(7)
    print(a, b, c)


if __name__ == "__main__":
    main()
