"""Runs the parjit benchmark scripts under Numba (used by bench/parallel.py).

    PYTHONPATH=bench/numba_shim python3 bench/parallel/NAME.py

`from parjit import jit, prange` then gives Numba's: jit(...) is numba.njit(...)
(nopython mode, the same options: parallel=True etc.), prange is numba.prange.
"""
import numba

__all__ = ["jit", "njit", "prange"]


def jit(*args, **kwargs):
    return numba.njit(*args, **kwargs)


njit = jit
prange = numba.prange
