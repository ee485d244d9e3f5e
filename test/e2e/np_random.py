# np.random draws NumPy's numbers (the legacy MT19937 RandomState) for a seed.
import numpy as np


def main():
    np.random.seed(42)
    print(np.random.random(), np.random.rand(), np.random.randn(), np.random.randint(0, 10))
    print(np.random.rand(3), np.random.randn(2, 3))
    print(np.random.uniform(-1.0, 1.0, size=4), np.random.normal(5.0, 2.0, (2, 2)))
    print(np.random.randint(0, 100, size=8), np.random.randint(5, size=(2, 3)), np.random.randint(-3, 3))
    print(np.random.uniform(), np.random.normal(), np.random.uniform(2, 3), np.random.standard_normal(3))
    print(np.random.random_sample((2, 2)), np.random.random(3), np.random.randint(0, 2**40, 3))
    np.random.seed(0)
    a = np.random.rand(1000)
    print(a.sum(), a.mean(), a.max(), np.random.randint(0, 1000000))
    np.random.seed(7)
    x = np.random.randn(5)
    np.random.seed(7)
    y = np.random.randn(5)
    print((x == y).all())


main()
