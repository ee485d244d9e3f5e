# Functions call each other, including ones defined later in the file and
# plain (undecorated) helpers.
import math
from parjit import jit


@jit
def hypot3(x, y, z):
    return math.sqrt(square(x) + square(y) + square(z))


@jit
def square(v):
    return v * v


def plain_helper(a, b):
    return a * 10 + b


@jit
def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


@jit
def lcm(a, b):
    return a // gcd(a, b) * b


@jit
def no_return_value(a):
    a = a + 1


def main():
    print(hypot3(1.0, 2.0, 2.0), hypot3(3, 4, 12), square(7), square(-1.5))
    print(plain_helper(4, 2), plain_helper(1.5, 1))
    print(gcd(48, 180), gcd(17, 5), gcd(0, 9), lcm(4, 6), lcm(21, 6))
    total = 0
    for i in range(1, 30):
        total += lcm(i, 30 - i)
    print(total)
    no_return_value(5)
    print("called")


if __name__ == "__main__":
    main()
