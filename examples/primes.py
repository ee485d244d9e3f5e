# Sieve of Eratosthenes over a bool array.
import numpy as np
from parjit import jit


@jit
def sieve(n):
    is_prime = np.ones(n + 1, dtype=np.bool_)
    is_prime[0] = False
    is_prime[1] = False
    i = 2
    while i * i <= n:
        if is_prime[i]:
            for k in range(i * i, n + 1, i):
                is_prime[k] = False
        i += 1
    return is_prime


@jit
def count_and_sum(is_prime):
    count = 0
    total = 0
    last = -1
    for i in range(len(is_prime)):
        if is_prime[i]:
            count += 1
            total += i
            last = i
    return count, total, last


def main():
    flags = sieve(100000)
    count, total, last = count_and_sum(flags)
    print("primes below 100001:", count)
    print("sum:", total, "largest:", last)
    small = sieve(30)
    print(small)
    for i in range(len(small)):
        if small[i]:
            print(i, end=" ")
    print()


if __name__ == "__main__":
    main()
