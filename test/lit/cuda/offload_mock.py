# An offloaded loop on the mock driver (kernels do not run): one launch per
# call, the read-only input uploaded once across calls, the block partials
# of the reduction allocated once: each call's partials reuse the block the
# previous call released to the pool (a, 16384 bytes, and one 512-byte
# block stay there until exit).
# RUN: env PARJIT_CUDA_LIBRARY=%mockcuda MOCK_CUDA_STATS=%t.stats %parjit run --no-cache %s
# RUN: FileCheck %s < %t.stats
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def total(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def main():
    a = np.ones(2048)
    for it in range(5):
        total(a)
    print("ok")


main()
# CHECK: launches=5
# CHECK: htod_calls=1
# CHECK: htod_bytes=16384
# CHECK: dtoh_calls=5
# CHECK: allocs=2
# CHECK: frees=0
# CHECK: live_device_bytes=16896
