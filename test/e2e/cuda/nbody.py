# CUDA: one n-body step in float64 with the tile-in-shared-memory pattern:
# each block loads TPB bodies (position and mass) into shared arrays,
# syncthreads, every thread accumulates the softened accelerations from the
# tile, syncthreads, next tile; then a second kernel integrates
# velocities and positions (leapfrog). Every thread sums the tiles in the
# same order on any device; values are printed rounded to 6 decimals.
import math
import numpy as np
from numba import cuda

TPB = 32
SOFT2 = 0.01


@cuda.jit(device=True)
def body_accel(xi, yi, zi, xj, yj, zj, mj):
    dx = xj - xi
    dy = yj - yi
    dz = zj - zi
    r2 = dx * dx + dy * dy + dz * dz + SOFT2
    inv = 1.0 / math.sqrt(r2)
    s = mj * inv * inv * inv
    return dx * s, dy * s, dz * s


@cuda.jit
def accelerations(pos, mass, acc):
    sp = cuda.shared.array((TPB, 3), np.float64)
    sm = cuda.shared.array(TPB, np.float64)
    i = cuda.grid(1)
    n = pos.shape[0]
    t = cuda.threadIdx.x
    xi = pos[i, 0] if i < n else 0.0
    yi = pos[i, 1] if i < n else 0.0
    zi = pos[i, 2] if i < n else 0.0
    ax = 0.0
    ay = 0.0
    az = 0.0
    for tile in range((n + TPB - 1) // TPB):
        j = tile * TPB + t
        if j < n:
            for d in range(3):
                sp[t, d] = pos[j, d]
            sm[t] = mass[j]
        else:
            for d in range(3):
                sp[t, d] = 0.0
            sm[t] = 0.0
        cuda.syncthreads()
        for k in range(TPB):
            fx, fy, fz = body_accel(xi, yi, zi, sp[k, 0], sp[k, 1], sp[k, 2], sm[k])
            ax += fx
            ay += fy
            az += fz
        cuda.syncthreads()
    if i < n:
        acc[i, 0] = ax
        acc[i, 1] = ay
        acc[i, 2] = az


@cuda.jit
def integrate(pos, vel, acc, dt):
    i, d = cuda.grid(2)
    if i < pos.shape[0] and d < 3:
        vel[i, d] += acc[i, d] * dt
        pos[i, d] += vel[i, d] * dt


def main():
    n = 100
    k = np.arange(n)
    pos = np.zeros((n, 3))
    pos[:, 0] = np.cos(k * 0.7) * (1.0 + k % 5)
    pos[:, 1] = np.sin(k * 0.7) * (1.0 + k % 5)
    pos[:, 2] = (k % 7 - 3) * 0.25
    vel = np.zeros((n, 3))
    mass = 1.0 + (k % 3) * 0.5
    acc = np.zeros((n, 3))
    d_pos = cuda.to_device(pos)
    d_vel = cuda.to_device(vel)
    d_acc = cuda.to_device(acc)
    d_mass = cuda.to_device(mass)
    for step in range(3):
        accelerations[(n + TPB - 1) // TPB, TPB](d_pos, d_mass, d_acc)
        integrate[(13, 1), (8, 4)](d_pos, d_vel, d_acc, 0.01)
    p = d_pos.copy_to_host()
    v = d_vel.copy_to_host()
    print(np.rint(p[0] * 1e6) / 1e6)
    print(np.rint(p[57] * 1e6) / 1e6)
    print(np.rint(v[99] * 1e6) / 1e6)
    print(round(np.abs(v).sum(), 5), abs(np.sum(v * mass[:, None])) < 1e-9)


if __name__ == "__main__":
    main()
