# A name imported from a module parjit does not model is an error where a
# compiled function uses it, with the import's line.
# RUN: not %parjit check %s 2>&1 | FileCheck %s
from parjit import jit
from scipy.special import erfinv


@jit
def k(x):
    return erfinv(x)
# CHECK: unsupported_import.py:10:12: error: scipy.special.erfinv is not supported (imported at line 5)


print(k(0.5))
