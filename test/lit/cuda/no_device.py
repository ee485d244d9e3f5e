# Without a CUDA device, launching a kernel raises RuntimeError with the
# reason, at the launch's line (exit 3), after what ran before it.
# REQUIRES: no-cuda-device
# RUN: %python -c "import subprocess, sys; r = subprocess.run(sys.argv[1:]); sys.exit(r.returncode != 3)" %parjit run %s > %t.out 2> %t.err
# RUN: FileCheck %s --check-prefix=OUT < %t.out
# RUN: FileCheck %s < %t.err
import numpy as np
from parjit import cuda


@cuda.jit
def double(a):
    i = cuda.grid(1)
    if i < a.shape[0]:
        a[i] *= 2.0


def main():
    a = np.ones(4)
    print("before")
    double[1, 32](a)
    print(a)


main()
# OUT: before
# OUT-NOT: [
# CHECK: File "{{.*}}no_device.py", line 21, in main
# CHECK: RuntimeError: no CUDA device: {{.+}}
