from parjit import jit


@jit
def bucket(x, width):
    return x // width


def main():
    for w in range(3, -1, -1):
        print(bucket(17, w))


if __name__ == "__main__":
    main()
