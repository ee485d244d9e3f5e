# math.pi, e, inf, nan and the isnan/isinf/isfinite predicates.
import math
from parjit import jit


@jit
def classify(x):
    return math.isnan(x), math.isinf(x), math.isfinite(x)


@jit
def nan_compare(x):
    return x == x, x != x, x < 1.0, x > 1.0


def main():
    print(math.pi, math.e, math.inf, -math.inf, math.nan)
    print(classify(1.0), classify(math.inf), classify(-math.inf), classify(math.nan))
    print(classify(1e308 * 10.0), classify(math.inf - math.inf), classify(0.0))
    print(nan_compare(math.nan), nan_compare(2.0))
    print(math.inf > 1e308, -math.inf < -1e308, math.inf == math.inf)
    print(max(1.0, math.inf), min(-1.0, -math.inf), math.pi * 2, math.e ** 2)
    print(math.isnan(3), math.isinf(3), math.isfinite(3))


if __name__ == "__main__":
    main()
