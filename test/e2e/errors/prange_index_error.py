# An IndexError inside a parallel loop is reported once, as serial execution
# would raise it (the lowest failing iteration), and the program exits.
import numpy as np
from parjit import jit, prange


@jit
def get(a, i):
    return a[i]


@jit(parallel=True)
def gather(a, out, stride):
    for i in prange(out.shape[0]):
        out[i] = get(a, i * stride) + 1.0


def main():
    a = np.ones(30000)
    out = np.zeros(20000)
    gather(a, out, 1)
    print(out[0], out[19999])
    gather(a, out, 3)
    print("not reached")


if __name__ == "__main__":
    main()
