# NumPy 1.24's value-based casting for array-with-scalar operations whose
# scalar is known when compiling (literals, module-level constants,
# np.int32(70000)): the scalar counts as the smallest dtype that holds its
# value, so int8 array + 1000 is int16 and float32 array + 70000 float64.
# Comparisons with ints known only at run time compare exactly.
import numpy as np

BIG = 70000


def compare(a, x):
    return a < x, a == x, a >= x


def main():
    a = np.array([1, -2, 3], dtype=np.int8)
    print(a + 1000, a - 1000, a * np.int32(70000), a * BIG, a + 100, a * -129)
    print(a < 300, a > -300, np.int64(2**40) < a, a == np.int16(-2))
    print(a // 1000, a % -300, a >> 1, a ** 2, a / 1000)
    u = np.array([200, 7], dtype=np.uint8)
    print(u + -1, u - 1, u + 300, u * 2, u + 255, u + 256)
    f = np.array([1.5, -2.5], dtype=np.float32)
    print(f + 70000, f + 40000, f + 1000, f * 0.1, f + 1e300, f - 2**31)
    i16 = np.array([1, 2], dtype=np.int16)
    print(i16 + 40000, i16 + 32767, i16 + (2**62 + 1))
    lt, eq, ge = compare(a, 300)
    print(lt, eq, ge)
    lt, eq, ge = compare(a, -2)
    print(lt, eq, ge)
    b = np.array([100, -100, 50], dtype=np.int8)
    b //= 1000
    print(b)
    c = np.array([100, 50, 25], dtype=np.int16)
    c[c > 30] += 70000
    print(c)
    g = np.array([1.5, 2.5], dtype=np.float32)
    g += 70000
    print(g)
    print(np.add(a, 1000), np.multiply(BIG, a), np.minimum(a, 300), np.floor_divide(a, 1000), np.add(f, 70000))


main()
