# All-pairs n-body under CuPy, the reference for bench/gpu/nbody_*.py: the
# same three kernels as CUDA C in a cupy.RawModule (init, accelerations with
# one thread per body, update; 256 threads per block), float64, 3 steps per
# timed call, on device arrays allocated once; the initial state is set on
# the device before each timed call (untimed). NVRTC contracts a*b+c into
# FMAs by default, so the checksum may differ from parjit's (which does not
# contract) in the last digits (relative 1e-9).
# Prints: nbody BEST_SECONDS CHECKSUM (the sum of the positions after 3
# steps, summed serially on the host). Timed: the 6 launches and
# cupy.cuda.Device().synchronize(). Usage: python3 nbody_cupy.py [n [timed_calls]]
import sys
import time

import numpy as np

TPB = 256

SOURCE = r"""
extern "C" __global__ void init(double *x, double *y, double *z, double *vx, double *vy, double *vz,
                                double *m, long long n)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        x[i] = (double)((i * 37) % 101) / 101.0;
        y[i] = (double)((i * 53) % 103) / 103.0;
        z[i] = (double)((i * 71) % 107) / 107.0;
        vx[i] = 0.0;
        vy[i] = 0.0;
        vz[i] = 0.0;
        m[i] = 1.0 / (double)n;
    }
}

extern "C" __global__ void accel(const double *x, const double *y, const double *z, const double *m,
                                 double *ax, double *ay, double *az, long long n)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        const double eps2 = 0.01;
        double xi = x[i], yi = y[i], zi = z[i];
        double sx = 0.0, sy = 0.0, sz = 0.0;
        for (long long j = 0; j < n; ++j) {
            double dx = x[j] - xi;
            double dy = y[j] - yi;
            double dz = z[j] - zi;
            double r2 = dx * dx + dy * dy + dz * dz + eps2;
            double f = m[j] / (r2 * sqrt(r2));
            sx += f * dx;
            sy += f * dy;
            sz += f * dz;
        }
        ax[i] = sx;
        ay[i] = sy;
        az[i] = sz;
    }
}

extern "C" __global__ void update(double *x, double *y, double *z, double *vx, double *vy, double *vz,
                                  const double *ax, const double *ay, const double *az, long long n)
{
    long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        const double dt = 0.01;
        vx[i] += dt * ax[i];
        vy[i] += dt * ay[i];
        vz[i] += dt * az[i];
        x[i] += dt * vx[i];
        y[i] += dt * vy[i];
        z[i] += dt * vz[i];
    }
}
"""
KERNELS = ["init", "accel", "update"]


def main():
    import cupy as cp

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 65536
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    x, y, z, vx, vy, vz, m, ax, ay, az = [cp.zeros(n, dtype=cp.float64) for _ in range(10)]
    mod = cp.RawModule(code=SOURCE)
    init, accel, update = (mod.get_function(k) for k in KERNELS)
    blocks = ((n + TPB - 1) // TPB,)
    nn = np.int64(n)
    dev = cp.cuda.Device()
    best = 1e30
    for rep in range(reps + 1):  # the first run warms up (and compiles)
        init(blocks, (TPB,), (x, y, z, vx, vy, vz, m, nn))
        dev.synchronize()
        t0 = time.perf_counter()
        for step in range(3):
            accel(blocks, (TPB,), (x, y, z, m, ax, ay, az, nn))
            update(blocks, (TPB,), (x, y, z, vx, vy, vz, ax, ay, az, nn))
        dev.synchronize()
        t = time.perf_counter() - t0
        if rep > 0 and t < best:
            best = t
    hx, hy, hz = cp.asnumpy(x).tolist(), cp.asnumpy(y).tolist(), cp.asnumpy(z).tolist()
    s = 0.0
    for i in range(n):  # serially, in the order parjit's total() adds
        s += hx[i] + hy[i] + hz[i]
    print("nbody", best, s)


if __name__ == "__main__":
    main()
