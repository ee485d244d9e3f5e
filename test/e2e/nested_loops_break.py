# break and continue leave only the innermost loop.
from parjit import jit


@jit
def find_pair(target, n):
    found_i = -1
    found_j = -1
    for i in range(n):
        for j in range(n):
            if j > i:
                break
            if i * j == target:
                found_i = i
                found_j = j
                break
        if found_i >= 0:
            break
    return found_i, found_j


@jit
def count_inner(n):
    c = 0
    i = 0
    while i < n:
        i += 1
        j = 0
        while j < n:
            j += 1
            if (i + j) % 3 == 0:
                continue
            if j > i:
                break
            c += 1
    return c


def main():
    print(find_pair(12, 10), find_pair(49, 10), find_pair(97, 10))
    print(count_inner(5), count_inner(30))


if __name__ == "__main__":
    main()
