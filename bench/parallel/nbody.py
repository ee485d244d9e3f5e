# All-pairs gravitational n-body, 4096 bodies, 3 steps per timed call: a prange
# over bodies computes the accelerations into separate arrays, a second prange
# updates velocities and positions. Softening eps^2 = 0.01, dt = 0.01.
# Prints: nbody BEST_SECONDS CHECKSUM, the sum of the positions after 3 steps
# (compare with bench/cpp/parallel/nbody.cpp).
# An optional argument sets the number of bodies (for a quick check against CPython).
import math
import sys
import time
import numpy as np
from parjit import jit, prange


@jit
def init(x, y, z, vx, vy, vz, m):
    # Deterministic positions on a skewed lattice in the unit cube, at rest.
    n = x.shape[0]
    for i in range(n):
        x[i] = ((i * 37) % 101) / 101.0
        y[i] = ((i * 53) % 103) / 103.0
        z[i] = ((i * 71) % 107) / 107.0
        vx[i] = 0.0
        vy[i] = 0.0
        vz[i] = 0.0
        m[i] = 1.0 / n


@jit(parallel=True)
def nbody(x, y, z, vx, vy, vz, m, ax, ay, az, steps):
    n = x.shape[0]
    eps2 = 0.01
    dt = 0.01
    for step in range(steps):
        for i in prange(n):
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
        for i in prange(n):
            vx[i] += dt * ax[i]
            vy[i] += dt * ay[i]
            vz[i] += dt * az[i]
            x[i] += dt * vx[i]
            y[i] += dt * vy[i]
            z[i] += dt * vz[i]


@jit
def total(x, y, z):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] + y[i] + z[i]
    return s


def main():
    n = 4096
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    x = np.zeros(n)
    y = np.zeros(n)
    z = np.zeros(n)
    vx = np.zeros(n)
    vy = np.zeros(n)
    vz = np.zeros(n)
    m = np.zeros(n)
    ax = np.zeros(n)
    ay = np.zeros(n)
    az = np.zeros(n)
    best = 1e30
    for rep in range(6):  # the first run warms up
        init(x, y, z, vx, vy, vz, m)  # every call starts from the same state
        t0 = time.perf_counter()
        nbody(x, y, z, vx, vy, vz, m, ax, ay, az, 3)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("nbody", best, total(x, y, z))


if __name__ == "__main__":
    main()
