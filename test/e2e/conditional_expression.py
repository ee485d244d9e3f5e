# x if c else y, nested and as an argument.
from parjit import jit


@jit
def sign(x):
    return 1 if x > 0 else (-1 if x < 0 else 0)


@jit
def clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def main():
    print(sign(5), sign(-2), sign(0), sign(-0.5), sign(0.0))
    print(clamp(5, 0, 10), clamp(-5, 0, 10), clamp(50, 0, 10), clamp(2.5, 0.0, 1.0))
    s = 0
    for i in range(10):
        s += i if i % 2 == 0 else -i
    print(s)
    y = 0.5 if s > 0 else 1.5
    print(y, max(1 if s < 0 else 2, 0))


if __name__ == "__main__":
    main()
