import numpy as np
def main():
    a = np.zeros((3, 0))
    print(a.sum(axis=1), a.max(axis=0))
    print(np.zeros((0, 0)).max(axis=1))
main()
