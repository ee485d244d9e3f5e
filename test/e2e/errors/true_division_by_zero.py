from parjit import jit


@jit
def ratio(a, b):
    return a / b


def main():
    print(ratio(1, 4))
    print(ratio(1, 0))


if __name__ == "__main__":
    main()
