# np.dot and @ of bool arrays are bool (the or of the ands), as NumPy.
import numpy as np
def main():
    a = np.ones(3, dtype=np.bool_)
    m = np.array([[True, False], [False, False]])
    print(np.dot(a, a), a @ a, np.dot(a, ~a))
    print(m @ m, m @ np.array([False, True]), np.dot(np.array([True, False]), m))
    print(np.dot(np.array([True, True]), np.array([1, 2])))
main()
