# Host code in a program with kernels syncs arrays before using them: a
# statement at a time, or a whole loop before it starts when nothing in the
# loop can launch GPU code (no per-iteration calls, in the loop or in its
# outlined bounds-checked copy). A loop that launches syncs statement by
# statement.
# RUN: %parjit emit-llvm -O0 %s | FileCheck %s
import numpy as np
from parjit import cuda


@cuda.jit
def twice(x, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = x[i] * 2.0


def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i]
    return s


def main():
    x = np.ones(1024)
    out = np.zeros(1024)
    for it in range(3):
        twice[8, 128](x, out)
        out[0] = 1.0
    print(total(out))


main()
# CHECK-LABEL: define {{.*}} @"total(array(float64, 1d))"
# CHECK: call i32 @pj_cuda_to_host(
# CHECK-NOT: @pj_cuda_
# CHECK-LABEL: define {{.*}} @"main()"
# CHECK: call i32 @pj_cuda_launch(
# CHECK: call i32 @pj_cuda_host_wrote(
# CHECK-LABEL: define {{.*}} @"total(array(float64, 1d)).checked.line20"
# CHECK-NOT: call i32 @pj_cuda_
# CHECK-LABEL: define {{.*}} @"main().checked.line28"
# CHECK: call i32 @pj_cuda_launch(
# CHECK: call i32 @pj_cuda_host_wrote(
