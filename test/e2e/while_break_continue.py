# while loops with break and continue; for loops with both.
from parjit import jit


@jit
def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


@jit
def first_multiple(start, k, limit):
    i = start
    while True:
        if i >= limit:
            return -1
        if i % k == 0:
            break
        i += 1
    return i


@jit
def sum_skipping(n, skip):
    s = 0
    for i in range(n):
        if i % skip == 0:
            continue
        if i > 50:
            break
        s += i
    return s


@jit
def while_continue(n):
    i = 0
    odd = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        odd += i
    return odd


def main():
    print(collatz_steps(1), collatz_steps(6), collatz_steps(27), collatz_steps(837799))
    print(first_multiple(10, 7, 100), first_multiple(10, 7, 12), first_multiple(0, 3, 5))
    print(sum_skipping(100, 3), sum_skipping(10, 1), sum_skipping(0, 2))
    print(while_continue(10), while_continue(0), while_continue(1))


if __name__ == "__main__":
    main()
