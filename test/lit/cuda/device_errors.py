# On a GPU: an out-of-range index in a kernel raises IndexError on the host,
# with NumPy's words and the kernel's line (the first error of the launch);
# an integer division by zero in an offloaded loop raises ZeroDivisionError.
# Skipped (UNSUPPORTED) on machines without a CUDA device.
# REQUIRES: cuda-device
# RUN: %python -c "import subprocess, sys; r = subprocess.run(sys.argv[1:]); sys.exit(r.returncode != 3)" %parjit run --no-cache %s > %t.out 2> %t.err
# RUN: FileCheck %s < %t.err
# RUN: FileCheck %s --check-prefix=OUT < %t.out
import numpy as np
from parjit import cuda, jit, prange


@cuda.jit
def shift(a, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = a[i + 1]


@jit(parallel=True, target="cuda")
def divide(a, k):
    for i in prange(a.shape[0]):
        a[i] = a[i] // k


def main():
    a = np.arange(10.0)
    out = np.zeros(10)
    shift[1, 9](a, out)          # threads 0..8 read a[1..9]: fine
    print(out[8])
    b = np.arange(10)
    divide(b, 2)
    print(b[9])
    shift[1, 10](a, out)         # thread 9 reads a[10]
    print("not reached")


main()
# OUT: 9.0
# OUT-NEXT: 4
# OUT-NOT: not reached
# CHECK: File "{{.*}}device_errors.py", line 17, in shift
# CHECK: IndexError: index 10 is out of bounds for axis 0 with size 10
