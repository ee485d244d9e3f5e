from parjit import jit


@jit
def check(x):
    assert x > 0, "x must be positive"
    return x * 2


def main():
    print(check(2))
    print(check(-1))


if __name__ == "__main__":
    main()
