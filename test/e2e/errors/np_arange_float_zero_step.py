import numpy as np
import sys
def main():
    s = float(len(sys.argv) - 1)
    print(np.arange(0.0, 5.0, s))
main()
