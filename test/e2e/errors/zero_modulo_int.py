from parjit import jit


@jit
def wrap(x, n):
    return x % n


def main():
    print(wrap(-7, 3))
    print(wrap(7, 0))


if __name__ == "__main__":
    main()
