import numpy as np
def main():
    a = np.ones((2, 3))
    print(a + np.ones((3, 2)))
main()
