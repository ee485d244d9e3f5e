# What an offloaded prange loop cannot do on the GPU is an error at its
# place; target= takes "cpu" or "cuda" and needs parallel=True.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def f(a):
    for i in prange(a.shape[0]):
        print(a[i])
        b = a * 2.0
        a[i] = b[0]
    print("done")          # host code: fine
    return a.sum()         # host code: fine


@jit(target="cuda")
def g(a):
    return a[0]


@jit(parallel=True, target="gpu")
def h(a):
    return a[0]


a = np.ones(4)
print(f(a), g(a), h(a))
# CHECK-DAG: offload_errors.py:11:9: error: print() is not supported in CUDA kernels (in a prange loop offloaded to the GPU)
# CHECK-DAG: offload_errors.py:12:15: error: creating arrays (array expressions, np.zeros, copies, ...) is not supported in CUDA kernels; use cuda.local.array or cuda.shared.array (in a prange loop offloaded to the GPU)
# CHECK-DAG: offload_errors.py:19:5: error: target="cuda" offloads the prange loops of a parallel=True function: add parallel=True
# CHECK-DAG: offload_errors.py:23:28: error: target must be "cpu" or "cuda"
# CHECK-NOT: offload_errors.py:14
# CHECK-NOT: offload_errors.py:15
# RUN: not %parjit emit-ptx %S/Inputs/offload_histogram.py 2>&1 | FileCheck %s --check-prefix=HIST
# HIST: offload_histogram.py:9:9: error: array reductions with *= ('hist[...] *= ...') in a prange loop offloaded to the GPU are not supported (the GPU has no atomic multiply); run this loop on the CPU
