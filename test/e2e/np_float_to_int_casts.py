# Float to integer conversions (astype, fill, np.full, stores, NumPy scalar
# constructors) as NumPy on x86-64, out-of-range values and nan included.
import numpy as np

def main():
    a = np.array([-1.0, -200.0, 255.9, 1e10, np.nan, np.inf, -np.inf, 3e9, -3e9, 1e19, 2.0**63, -2.0**63 - 5e3, -0.5, 0.99])
    print(a.astype(np.int8)); print(a.astype(np.uint8)); print(a.astype(np.int16)); print(a.astype(np.uint16))
    print(a.astype(np.int32)); print(a.astype(np.uint32)); print(a.astype(np.int64)); print(a.astype(np.uint64))
    f = a.astype(np.float32)
    print(f.astype(np.int32)); print(f.astype(np.uint8)); print(f.astype(np.uint64))
    b = np.zeros(3, dtype=np.uint8)
    b.fill(-1.5)
    print(b, np.full(2, -1.9, dtype=np.uint16))
    b[1:] = -1.0
    print(b)
    c = np.zeros(3, dtype=np.uint8)
    c[0] = -1.9
    print(c, np.int8(300.7), np.uint8(-1.5), np.int16(-40000.5))

main()
