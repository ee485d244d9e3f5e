# Numba's first-call time for bench/latency/kernel.py's kernel: compile and
# run, after numba and numpy are imported (their import is timed apart).
# Prints: numba-import MS / numba-first-call MS RESULT.
import sys
import time

t0 = time.perf_counter()
import numba  # noqa: E402
import numpy as np  # noqa: E402

t1 = time.perf_counter()
source = open(sys.argv[1]).read().replace("from parjit import jit", "from numba import njit as jit")
source = source.split("def main():")[0]  # the kernel, not the script's entry point
namespace = {}
exec(compile(source, sys.argv[1], "exec"), namespace)
x = np.arange(1000, dtype=np.float64)
t2 = time.perf_counter()
r = namespace["smooth_norm"](x, 3)
t3 = time.perf_counter()
print("numba-import %.3f" % ((t1 - t0) * 1e3))
print("numba-first-call %.3f %r" % ((t3 - t2) * 1e3, r))
