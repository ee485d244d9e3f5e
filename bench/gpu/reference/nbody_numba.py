# All-pairs n-body under numba.cuda, the reference for bench/gpu/nbody_*.py:
# the same three kernels (init, accelerations with one thread per body,
# update; 256 threads per block), float64, 3 steps per timed call, on device
# arrays allocated once; the initial state is set on the device before each
# timed call (untimed), so no call moves data between host and device.
# Numba lets NVVM contract a*b+c into FMAs, so the checksum may differ from
# parjit's (which does not contract) in the last digits (relative 1e-9).
# Prints: nbody BEST_SECONDS CHECKSUM (the sum of the positions after 3
# steps, summed serially on the host). Timed: the 6 launches and
# cuda.synchronize(). Usage: python3 nbody_numba.py [n [timed_calls]]
import math
import sys
import time

import numpy as np
from numba import cuda

TPB = 256


@cuda.jit
def init(x, y, z, vx, vy, vz, m):
    i = cuda.grid(1)
    n = x.shape[0]
    if i < n:
        x[i] = ((i * 37) % 101) / 101.0
        y[i] = ((i * 53) % 103) / 103.0
        z[i] = ((i * 71) % 107) / 107.0
        vx[i] = 0.0
        vy[i] = 0.0
        vz[i] = 0.0
        m[i] = 1.0 / n


@cuda.jit
def accel(x, y, z, m, ax, ay, az):
    i = cuda.grid(1)
    n = x.shape[0]
    if i < n:
        eps2 = 0.01
        xi = x[i]
        yi = y[i]
        zi = z[i]
        sx = 0.0
        sy = 0.0
        sz = 0.0
        for j in range(n):
            dx = x[j] - xi
            dy = y[j] - yi
            dz = z[j] - zi
            r2 = dx * dx + dy * dy + dz * dz + eps2
            f = m[j] / (r2 * math.sqrt(r2))
            sx += f * dx
            sy += f * dy
            sz += f * dz
        ax[i] = sx
        ay[i] = sy
        az[i] = sz


@cuda.jit
def update(x, y, z, vx, vy, vz, ax, ay, az):
    i = cuda.grid(1)
    if i < x.shape[0]:
        dt = 0.01
        vx[i] += dt * ax[i]
        vy[i] += dt * ay[i]
        vz[i] += dt * az[i]
        x[i] += dt * vx[i]
        y[i] += dt * vy[i]
        z[i] += dt * vz[i]


def total(x, y, z):
    s = 0.0
    for i in range(x.shape[0]):  # serially, in the order parjit's total() adds
        s += x[i] + y[i] + z[i]
    return s


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    x, y, z, vx, vy, vz, m, ax, ay, az = [cuda.device_array(n, dtype=np.float64) for _ in range(10)]
    blocks = (n + TPB - 1) // TPB
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        init[blocks, TPB](x, y, z, vx, vy, vz, m)
        cuda.synchronize()
        t0 = time.perf_counter()
        for step in range(3):
            accel[blocks, TPB](x, y, z, m, ax, ay, az)
            update[blocks, TPB](x, y, z, vx, vy, vz, ax, ay, az)
        cuda.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    hx, hy, hz = x.copy_to_host().tolist(), y.copy_to_host().tolist(), z.copy_to_host().tolist()
    s = 0.0
    for i in range(n):
        s += hx[i] + hy[i] + hz[i]
    print("nbody", best, s)


if __name__ == "__main__":
    main()
