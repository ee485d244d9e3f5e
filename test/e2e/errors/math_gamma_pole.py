import math


def main():
    x = 3.0
    while x > -3.0:
        print(math.gamma(x))
        x -= 1.0


main()
