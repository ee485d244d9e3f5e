# Boolean masks: a[mask] selects (a new 1-d array, in C order); a[mask] = v
# and a[mask] op= v write the selected elements, as NumPy does.
import numpy as np

def main():
    a = np.arange(10, dtype=np.float64)
    print(a[a > 4.5])
    m = np.arange(12).reshape(3, 4)
    print(m[m % 3 == 0])
    a[a < 3] = -1.0
    print(a)
    a[a > 7] += 100
    print(a)
    b = np.zeros(10)
    b[a > 0] = np.arange(7) * 2.0
    print(b)
    b[(b > 2) & (b < 10)] = np.full(1, 5.0)
    print(b)
    m[m > 5] *= -1
    print(m)
    v = m.T
    v[v < -8] = 0
    print(m)
    print(a[np.zeros(10, dtype=np.bool_)])

main()
