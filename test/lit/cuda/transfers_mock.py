# Arrays move between host and device only when the other side needs them:
# a whole program on the mock driver (test/mock_cuda, kernels do not run),
# counting its copies. x (8 KiB) goes up once until the host writes it; out
# goes up once, and comes back each time host code reads it after a kernel
# wrote it; a kernel that only reads x leaves it current on both sides.
# RUN: env PARJIT_CUDA_LIBRARY=%mockcuda MOCK_CUDA_STATS=%t.stats %parjit run --no-cache %s | FileCheck %s --check-prefix=OUT
# RUN: FileCheck %s < %t.stats
import numpy as np
from parjit import cuda


@cuda.jit
def twice(x, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = x[i] * 2.0


def main():
    x = np.ones(1024)
    out = np.zeros(1024)
    for it in range(3):
        twice[8, 128](x, out)
    first = out[0]        # out comes back (1)
    x[0] = 5.0            # the host's x is newer now
    print(x.sum())        # no copy: the host's x is current
    twice[8, 128](x, out) # x goes up again
    print(out[1] == out[1], first == first)  # out comes back (2); out.size alone would not


main()
# OUT: 1028.0
# OUT: True True
# CHECK: launches=4
# CHECK: htod_calls=3
# CHECK: htod_bytes=24576
# CHECK: dtoh_calls=2
# CHECK: dtoh_bytes=16384
# The device copies of x and out go to the runtime's pool when the arrays
# are freed, and stay there until the program ends.
# CHECK: allocs=2
# CHECK: frees=0
# CHECK: live_device_bytes=16384
# CHECK: module_loads=1
