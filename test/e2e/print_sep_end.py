# print's sep= and end= keywords, and print() with no arguments.
from parjit import jit


@jit
def show(n):
    for i in range(n):
        print(i, end=" ")
    print()


def main():
    print(1, 2, 3, sep=", ")
    print("a", "b", sep="")
    print("no newline", end="")
    print(" ... continued")
    print(1.5, True, "x", sep=" | ", end=" <\n")
    print(end="")
    print()
    show(5)
    print("tab", "sep", sep="\t")
    print("multi", "line", sep="\n", end="\n\n")
    print("done")


if __name__ == "__main__":
    main()
