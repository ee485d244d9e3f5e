# range with 1, 2 and 3 arguments; empty ranges; the loop variable after the loop.
from parjit import jit


@jit
def total(n):
    s = 0
    for i in range(n):
        s += i
    return s


@jit
def span(a, b):
    s = 0
    for i in range(a, b):
        s += i * i
    return s


@jit
def stepped(a, b, c):
    s = 0
    for i in range(a, b, c):
        s = s * 3 + i
    return s


@jit
def last_index(n):
    j = -1
    for i in range(n):
        j = i
    return j


def main():
    print(total(0), total(1), total(10), total(-5), total(100000))
    print(span(3, 7), span(7, 3), span(-4, 2))
    print(stepped(0, 10, 3), stepped(1, 2, 5), stepped(-10, 10, 4), stepped(0, 10, 100))
    print(last_index(0), last_index(17))
    for i in range(3):
        for j in range(i, 3):
            print(i, j, end="; ")
    print()


if __name__ == "__main__":
    main()
