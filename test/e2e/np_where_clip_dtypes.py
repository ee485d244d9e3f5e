# np.where and np.clip: NumPy's result dtype from all operands, value-based for
# constants (np.clip(int array, 1.5, 3.5) is float64; np.where(c, int8, 1000) int16).
import numpy as np
def main():
    a = np.arange(4, dtype=np.int8)
    u = np.arange(4, dtype=np.uint8)
    print(np.where(a > 1, a, 1000), np.clip(u, -1, 300), np.clip(np.arange(6), 1.5, 3.5), np.clip(a, 1, 2), np.where(a > 1, 1.5, a))
    f = np.array([0.5, 2.5], dtype=np.float32)
    print(np.clip(f, 1, 2), np.clip(f, 0.75, 1e300))
main()
