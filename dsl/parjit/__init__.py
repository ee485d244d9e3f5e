"""parjit's CPython reference module.

Under CPython, ``@jit`` does nothing: the decorated function runs as plain
Python, which is the reference that ``parjit run`` is compared against. The
compiler reads the decorators and their options from the source; it never
imports this module.

Accepted forms (the same for ``jit`` and ``njit``)::

    @jit
    @jit()
    @jit(parallel=True, fastmath=True, boundscheck=False, cache=True, nogil=True)
    @jit("float64(float64[:])")            # a signature, checked by the compiler
    @jit("float64(float64[:])", parallel=True)

``prange`` is ``range`` here; in a ``parallel=True`` function the compiler
may run its iterations in parallel. ``target="cpu"`` / ``target="cuda"``
are options like the others, ignored here.

``parjit.cuda`` (``from parjit import cuda``) is a pure-Python CUDA simulator
for kernels in Numba-CUDA syntax; see ``cuda.py``. It is imported on first
use, so scripts that do not use it do not pay for it.
"""

import numpy as _np

__all__ = ["jit", "njit", "prange", "boolean", "int8", "int16", "int32", "int64", "uint8", "uint16",
           "uint32", "uint64", "float32", "float64", "intp", "uintp"]
__version__ = "0.1.0"

prange = range

# Numba's scalar types, as parjit takes them: NumPy's (dtypes and conversions).
boolean = _np.bool_
int8, int16, int32, int64 = _np.int8, _np.int16, _np.int32, _np.int64
uint8, uint16, uint32, uint64 = _np.uint8, _np.uint16, _np.uint32, _np.uint64
float32, float64 = _np.float32, _np.float64
intp, uintp = _np.intp, _np.uintp


def jit(*args, **options):
    """Return the function unchanged, whether used bare or with arguments."""
    if len(args) == 1 and not options and callable(args[0]):
        return args[0]  # bare @jit
    if len(args) > 1 or (args and not isinstance(args[0], (str, list, tuple))):
        raise TypeError("jit() takes an optional signature and keyword options")
    return _identity


def _identity(func):
    return func


njit = jit


def __getattr__(name):
    # `import parjit; parjit.cuda`: import the simulator on first use.
    if name == "cuda":
        import importlib
        return importlib.import_module("parjit.cuda")
    raise AttributeError("module 'parjit' has no attribute %r" % (name,))
