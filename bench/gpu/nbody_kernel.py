# All-pairs gravitational n-body on the GPU as explicit kernels: 65536 bodies
# in float64, 3 steps per timed call, each step one kernel for the
# accelerations (one thread per body, summing over all bodies j in order) and
# one for the velocities and positions, 256 threads per block. The same
# arithmetic, initial state and checksum as bench/parallel/nbody.py: softening
# eps^2 = 0.01, dt = 0.01, separate 1-D arrays per coordinate.
# Prints: nbody BEST_SECONDS CHECKSUM, the sum of the positions after 3 steps.
# Optional arguments: the size and the number of timed calls (default 5).
# Timed: the 6 launches; the initial state is set by a kernel before each
# timed call (untimed), so the arrays never leave the GPU until the checksum.
import math
import sys
import time
import numpy as np
from parjit import cuda, jit

TPB = 256


@cuda.jit
def init(x, y, z, vx, vy, vz, m):
    # Deterministic positions on a skewed lattice in the unit cube, at rest.
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
    blocks = (n + TPB - 1) // TPB
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up
        init[blocks, TPB](x, y, z, vx, vy, vz, m)  # every call starts from the same state
        t0 = time.perf_counter()
        for step in range(3):
            accel[blocks, TPB](x, y, z, m, ax, ay, az)
            update[blocks, TPB](x, y, z, vx, vy, vz, ax, ay, az)
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    print("nbody", best, total(x, y, z))


if __name__ == "__main__":
    main()
