# Math in kernels comes from libdevice, linked into the module: no external
# function is left for the driver to resolve.
# REQUIRES: libdevice
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.ptx
# RUN: FileCheck %s < %t.ptx
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.ptx -o %t.cubin %}
import math
import numpy as np
from parjit import cuda


@cuda.jit(device=True)
def gauss(x, s):
    return math.exp(-x * x / (2.0 * s * s)) / (s * math.sqrt(2.0 * math.pi))


@cuda.jit
def kernel(x, out):
    i = cuda.grid(1)
    if i < x.shape[0]:
        out[i] = gauss(x[i], 1.5) + math.sin(x[i]) * math.log1p(abs(x[i])) + math.atan2(x[i], 2.0)
        out[i] += np.float32(math.erf(x[i]))


def main():
    x = np.linspace(-3.0, 3.0, 100)
    out = np.zeros(100)
    kernel[1, 128](x, out)
    print(out.sum())


main()
# CHECK-NOT: .extern .func
# CHECK: .visible .entry kernel_0(
# CHECK-NOT: call{{.*}}__nv_
# CHECK: sqrt.rn.f64
