# All-pairs gravitational n-body on the GPU as offloaded prange loops: 65536
# bodies in float64, 3 steps per timed call, @jit(parallel=True,
# target="cuda"): bench/parallel/nbody.py's function with the target added.
# Each step's two prange loops (accelerations: one iteration per body, summing
# over all bodies j in order; velocities and positions) are one GPU kernel
# each. Softening eps^2 = 0.01, dt = 0.01.
# Prints: nbody BEST_SECONDS CHECKSUM, the sum of the positions after 3 steps.
# Optional arguments: the size and the number of timed calls (default 5).
# Timed: the call; the initial state is set by an offloaded loop before each
# timed call (untimed), so the arrays never leave the GPU until the checksum.
import math
import sys
import time
import numpy as np
from parjit import jit, prange


@jit(parallel=True, target="cuda")
def init(x, y, z, vx, vy, vz, m):
    # Deterministic positions on a skewed lattice in the unit cube, at rest.
    n = x.shape[0]
    for i in prange(n):
        x[i] = ((i * 37) % 101) / 101.0
        y[i] = ((i * 53) % 103) / 103.0
        z[i] = ((i * 71) % 107) / 107.0
        vx[i] = 0.0
        vy[i] = 0.0
        vz[i] = 0.0
        m[i] = 1.0 / n


@jit(parallel=True, target="cuda")
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
    n = 65536
    if len(sys.argv) > 1:
        n = int(sys.argv[1])
    reps = 5
    if len(sys.argv) > 2:
        reps = int(sys.argv[2])
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
    for rep in range(reps + 1):  # the first run warms up
        init(x, y, z, vx, vy, vz, m)  # every call starts from the same state
        t0 = time.perf_counter()
        nbody(x, y, z, vx, vy, vz, m, ax, ay, az, 3)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("nbody", best, total(x, y, z))


if __name__ == "__main__":
    main()
