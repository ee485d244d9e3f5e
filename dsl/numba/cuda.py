"""``numba.cuda`` in the CPython reference run: the module object of
``parjit.cuda`` itself (the CUDA simulator), so that ``from numba import
cuda``, ``import numba.cuda`` and ``parjit.cuda`` share one state."""

import sys

import parjit.cuda

sys.modules[__name__] = parjit.cuda
