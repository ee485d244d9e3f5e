# A kernel in Numba-CUDA's syntax becomes a PTX entry: the grid index from
# the special registers, array data in global memory, the bounds check's
# error record; ptxas accepts it for sm_80 and sm_90.
# RUN: %parjit emit-ptx --gpu-arch sm_80 %s > %t.80.ptx
# RUN: FileCheck %s < %t.80.ptx
# RUN: %parjit emit-ptx --gpu-arch sm_90 %s | FileCheck %s --check-prefix=SM90
# RUN: %if ptxas %{ %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin %}
# RUN: %if ptxas %{ %parjit emit-ptx --gpu-arch sm_90 %s > %t.90.ptx && %ptxas -arch=sm_90 %t.90.ptx -o %t.90.cubin %}
import numpy as np
from parjit import cuda


@cuda.jit
def axpy(a, x, y, out):
    i = cuda.grid(1)
    if i < out.shape[0]:
        out[i] = a * x[i] + y[i]


def main():
    n = 1000
    x = np.arange(n, dtype=np.float64)
    y = np.ones(n)
    out = np.zeros(n)
    axpy[(n + 127) // 128, 128](2.0, x, y, out)
    print(out[:4])


main()
# CHECK: .target sm_80
# CHECK: .address_size 64
# CHECK: .visible .global .align 8 .b8 __pj_cuda_error[40];
# CHECK: .visible .entry axpy_0(
# CHECK-DAG: %ctaid.x
# CHECK-DAG: %ntid.x
# CHECK-DAG: %tid.x
# CHECK: ld.global.f64
# CHECK: st.global.f64
# CHECK: ret;
# SM90: .target sm_90
# SM90: .visible .entry axpy_0(
