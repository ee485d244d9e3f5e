import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def histogram(x, hist):
    for i in prange(x.shape[0]):
        b = x[i] % hist.shape[0]
        hist[b] *= 2


h = np.zeros(4, dtype=np.int64)
histogram(np.arange(10), h)
print(h)
