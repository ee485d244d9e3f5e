# RUN: %parjit dump-ast %s | FileCheck %s
import numpy as np
from parjit import jit


@jit
def saxpy(a, x, y):
    for i in range(len(x)):
        y[i] = a * x[i] + y[i]
    return y


if __name__ == "__main__":
    print(-2**2, x[1:2, ::3])
# CHECK:      (import (numpy as np))
# CHECK-NEXT: (from parjit import jit)
# CHECK-NEXT: (def saxpy (a x y) (decorators (name jit))
# CHECK-NEXT:   (for (name i) (call (name range) (call (name len) (name x)))
# CHECK-NEXT:     (assign (subscript (name y) (name i)) (binop + (binop * (name a) (subscript (name x) (name i))) (subscript (name y) (name i)))))
# CHECK-NEXT:   (return (name y)))
# CHECK-NEXT: (if (compare (name __name__) == (str "__main__"))
# CHECK-NEXT:   (expr (call (name print) (unary - (binop ** (int 2) (int 2))) (subscript (name x) (tuple (slice (int 1) (int 2) _) (slice _ _ (int 3)))))))
