# range() with negative steps, including ones that do not divide the span.
from parjit import jit


@jit
def count_down(start, stop, step):
    n = 0
    s = 0
    last = 0
    for i in range(start, stop, step):
        n += 1
        s += i
        last = i
    return n, s, last


def main():
    print(count_down(10, 0, -1))
    print(count_down(10, 0, -3))
    print(count_down(10, -10, -7))
    print(count_down(0, 10, -1))
    print(count_down(5, 5, -2))
    print(count_down(-1, -20, -4))
    for i in range(5, -1, -2):
        print(i, end=",")
    print()


if __name__ == "__main__":
    main()
