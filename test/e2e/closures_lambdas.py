# Local lambdas and nested functions (closures over the enclosing function's
# variables, late binding, defaults), f(*args) with tuples, and views with
# negative strides returned from functions.
import numpy as np
from parjit import jit


@jit
def poly_sum(a, k):
    sq = lambda x: x * x + k          # reads k from the enclosing function
    s = 0.0
    for i in range(a.shape[0]):
        s += sq(a[i])
    return s


@jit
def late_binding(n):
    c = 1
    add_c = lambda x: x + c
    first = add_c(10)
    c = 5                             # the lambda sees the new value
    return first, add_c(10)


@jit
def nested_def(a):
    scale = 3.0
    def affine(x, y=2.0):
        return x * scale + y
    return affine(a[0]) + affine(a[1], 1.0) + affine(y=0.5, x=a[2])


@jit
def default_computed_at_def(n):
    base = n * 2
    def shifted(x, off=base + 1):    # evaluated when the def runs
        return x + off
    base = 100
    return shifted(1), base


@jit
def nested_calls_nested(x):
    k = 7
    def inner(y):
        return y * k
    def outer(y):
        return inner(y) + 1           # passes k along
    return outer(x)


@jit
def lambda_on_arrays(a, b):
    smooth = lambda u, v: 0.5 * (u + v)
    return smooth(a, b) + smooth(a[::-1], b)


@jit
def two_args(a, b):
    return a * 10 + b


@jit
def three_args(a, b, c):
    return a + b * 10 + c * 100


@jit
def star_args(t, u):
    x = three_args(*t)
    y = three_args(1, *u)
    z = two_args(*u)
    return x, y, z


@jit
def reversed_view(a):
    return a[::-1]


@jit
def every_other_reversed(m):
    return m[::-2, ::-1]


@jit
def use_reversed(a):
    r = reversed_view(a)
    r[0] = -1.0                       # writes through to a
    return r.sum()


def main():
    a = np.arange(6.0)
    b = np.linspace(1.0, 2.0, 6)
    print(poly_sum(a, 1.0))
    print(late_binding(3))
    print(nested_def(a))
    print(default_computed_at_def(4))
    print(nested_calls_nested(3))
    print(lambda_on_arrays(a, b))
    print(star_args((1, 2, 3), (4, 5)))
    print(three_args(*(1.5, 2, 3)))
    r = reversed_view(a)
    print(r, r.strides)
    m = np.arange(20).reshape(4, 5)
    v = every_other_reversed(m)
    print(v, v.shape, v.strides)
    print(use_reversed(a), a)
    # a lambda in undecorated code too
    twice = lambda x: 2 * x
    print(twice(21), twice(a[1:3]))


main()
