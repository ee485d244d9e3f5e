"""A stand-in for Numba in parjit's CPython reference run.

Scripts written for Numba (``import numba``, ``from numba import njit,
prange``) run unchanged under ``parjit run``, which treats ``numba`` as an
alias of ``parjit``. For the reference run under CPython, where Numba is
usually not installed, this module gives the same names with the same
do-nothing behaviour as ``dsl/parjit``. It is only on the path when
``dsl/`` is (``PYTHONPATH=dsl``).

``numba.cuda`` (``from numba import cuda``, ``import numba.cuda``) is
``parjit.cuda``, the CUDA simulator.
"""

from parjit import jit, njit, prange  # noqa: F401
from parjit import (boolean, int8, int16, int32, int64, uint8, uint16, uint32, uint64,  # noqa: F401
                    float32, float64, intp, uintp)

__all__ = ["jit", "njit", "prange", "boolean", "int8", "int16", "int32", "int64", "uint8", "uint16",
           "uint32", "uint64", "float32", "float64", "intp", "uintp"]


def __getattr__(name):
    # `import numba; numba.cuda`: the same module object as parjit.cuda.
    if name == "cuda":
        import importlib
        return importlib.import_module("numba.cuda")
    raise AttributeError("module 'numba' has no attribute %r" % (name,))
