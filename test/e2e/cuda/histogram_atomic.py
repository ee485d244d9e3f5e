# CUDA: histograms with cuda.atomic.add on int64 bins: straight into global
# memory from a grid-stride loop, and privatized per block in shared memory
# then merged. The counts do not depend on the order of the atomics; nor
# does the number of bins whose old value was 0 (one first arrival each).
import numpy as np
from parjit import cuda

NBINS = 10


@cuda.jit
def histogram_global(x, bins, width, nonempty):
    i = cuda.grid(1)
    stride = cuda.gridsize(1)
    while i < x.shape[0]:
        b = int(x[i] / width)
        if b >= 0 and b < bins.shape[0]:
            old = cuda.atomic.add(bins, b, 1)
            if old == 0:
                cuda.atomic.add(nonempty, 0, 1)
        i += stride


@cuda.jit
def histogram_shared(x, bins, width):
    local_bins = cuda.shared.array(NBINS, np.int64)
    t = cuda.threadIdx.x
    if t < NBINS:
        local_bins[t] = 0
    cuda.syncthreads()
    i = cuda.grid(1)
    if i < x.shape[0]:
        b = int(x[i] / width)
        if b >= 0 and b < NBINS:
            cuda.atomic.add(local_bins, b, 1)
    cuda.syncthreads()
    if t < NBINS:
        cuda.atomic.add(bins, t, local_bins[t])


def main():
    n = 2000
    k = np.arange(n)
    x = (k * k % 997) / 10.0
    width = 10.0
    ref = np.zeros(NBINS, dtype=np.int64)
    for i in range(n):
        ref[int(x[i] / width)] += 1

    bins = np.zeros(NBINS, dtype=np.int64)
    nonempty = np.zeros(1, dtype=np.int64)
    histogram_global[4, 256](x, bins, width, nonempty)
    print(bins)
    print(bins.sum(), nonempty[0], np.abs(bins - ref).max())

    bins2 = np.zeros(NBINS, dtype=np.int64)
    threads = 128
    histogram_shared[(n + threads - 1) // threads, threads](x, bins2, width)
    print(bins2)
    print(bins2.sum(), np.abs(bins2 - ref).max())

    # Values past the last bin are skipped.
    y = np.arange(30, dtype=np.float64) * 4.0
    bins3 = np.zeros(NBINS, dtype=np.int64)
    nonempty3 = np.zeros(1, dtype=np.int64)
    histogram_global[1, 32](y, bins3, 10.0, nonempty3)
    print(bins3, nonempty3[0])


if __name__ == "__main__":
    main()
