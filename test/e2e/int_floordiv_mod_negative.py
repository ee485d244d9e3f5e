# Integer // and % round toward negative infinity, as in Python.
from parjit import jit


@jit
def divmod_pair(a, b):
    return a // b, a % b


def main():
    for a in range(-7, 8, 7):
        for b in range(-3, 4):
            if b == 0:
                continue
            q, r = divmod_pair(a, b)
            print(a, b, q, r, q * b + r == a)
    print(-1 // 10, -1 % 10, 1 // -10, 1 % -10)
    print(-9223372036854775807 // 2, -9223372036854775807 % 2)
    print(9223372036854775807 // -1000000007, 9223372036854775807 % -1000000007)


if __name__ == "__main__":
    main()
