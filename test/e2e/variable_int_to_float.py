# A variable assigned both an int and a float is a float throughout; the
# program only prints it after it holds a float, so CPython agrees.
from parjit import jit


@jit
def mean(n):
    s = 0
    for i in range(n):
        s += i * 0.5
    return s


@jit
def maybe_float(flag):
    x = 1
    if flag:
        x = 2.5
    else:
        x = x * 1.0
    return x


@jit
def promote_in_loop(n):
    acc = 1
    for i in range(n):
        acc = acc / 2
    return acc


def main():
    print(mean(4), mean(10))
    print(maybe_float(True), maybe_float(False))
    print(promote_in_loop(3), promote_in_loop(1))
    y = 2
    y = y / 1
    print(y)


if __name__ == "__main__":
    main()
