# The inner loop of saxpy vectorizes at -O3 with bounds checks on: the checks
# are hoisted out of a fast copy of the loop.
# RUN: %parjit emit-llvm --function saxpy %s | FileCheck %s
# RUN: %parjit emit-llvm --function saxpy -O0 %s | FileCheck %s --check-prefix=O0
import numpy as np
from parjit import jit

@jit
def saxpy(a, x, y):
    for i in range(x.shape[0]):
        y[i] = a * x[i] + y[i]

def main():
    x = np.arange(100, dtype=np.float64)
    y = np.ones(100)
    saxpy(2.0, x, y)

if __name__ == "__main__":
    main()
# CHECK: define {{.*}}@"saxpy(float64, array(float64, 1d), array(float64, 1d))"
# CHECK: fmul <{{[0-9]+}} x double>
# CHECK: fadd <{{[0-9]+}} x double>
# O0: define {{.*}}@"saxpy(float64, array(float64, 1d), array(float64, 1d))"
# O0-NOT: <{{[0-9]+}} x double>
# O0: call void @pj_raise_index
