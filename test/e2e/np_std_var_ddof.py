# std/var with ddof= (also along an axis and of fused expressions).
import numpy as np
def main():
    a = np.array([1.0, 2.0, 4.0, 7.0])
    m = np.arange(12.0).reshape(3, 4)
    k = 1
    print(a.std(ddof=1), np.var(a, ddof=k), a.var(), m.std(axis=0, ddof=1), np.var(m, axis=1, ddof=2), np.std(a * 2, ddof=1))
    print(np.var(np.array([3.0]), ddof=1))
main()
