# for/else and while/else: the else block runs when the loop ends without break.
from parjit import jit


@jit
def find(n, target):
    for i in range(n):
        if i * i == target:
            break
    else:
        return -1
    return i


@jit
def countdown(k):
    steps = 0
    while k > 0:
        k -= 3
        steps += 1
        if steps > 100:
            break
    else:
        steps += 1000
    return steps


def main():
    print(find(10, 49), find(10, 50), find(0, 0))
    print(countdown(10), countdown(0), countdown(-5))
    total = 0
    for i in range(3):
        for j in range(3):
            if j > i:
                break
            total += j
        else:
            total += 100
    print(total)


if __name__ == "__main__":
    main()
