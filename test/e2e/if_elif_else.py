# if/elif/else chains, nested ifs and pass.
from parjit import jit


@jit
def grade(score):
    if score >= 90:
        g = 4
    elif score >= 80:
        g = 3
    elif score >= 70:
        g = 2
    elif score >= 60:
        g = 1
    else:
        g = 0
    return g


@jit
def classify(x, y):
    if x > 0:
        if y > 0:
            return 1
        elif y < 0:
            return 4
        else:
            pass
    elif x < 0:
        if y > 0:
            return 2
        return 3
    return 0


def main():
    for s in range(55, 101, 5):
        print(s, grade(s))
    print(classify(1, 1), classify(-1, 1), classify(-1, -1), classify(1, -1), classify(1, 0), classify(0, 5))
    if grade(95) == 4:
        pass
    else:
        print("unreachable")
    if 0:
        print("zero is falsy")
    if 0.0 or 3:
        print("3 is truthy")


if __name__ == "__main__":
    main()
