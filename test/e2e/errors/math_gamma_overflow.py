import math


def main():
    print(math.lgamma(0.5) > 0.5)
    print(math.gamma(180.0))


main()
