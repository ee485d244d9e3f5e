# Tuple assignment evaluates the right side first; chained assignment.
from parjit import jit


@jit
def fib(n):
    a, b = 0, 1
    for i in range(n):
        a, b = b, a + b
    return a


@jit
def rotate(x, y, z):
    x, y, z = y, z, x
    return x, y, z


def main():
    print(fib(0), fib(1), fib(10), fib(50), fib(90))
    print(rotate(1, 2, 3))
    p = q = 5
    p += 1
    print(p, q)
    x, y = 1.5, 2.25
    x, y = y, x
    print(x, y)
    i, j, k = 1, 2, 3
    i, j = j + k, i * 10
    print(i, j, k)


if __name__ == "__main__":
    main()
