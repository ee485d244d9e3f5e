// All-pairs n-body, 4096 bodies, 3 steps per timed call, OpenMP over bodies;
// the reference for bench/parallel/nbody.py (same arrays, same operation order).
// An optional argument sets the number of bodies.
#include "../common.h"
#include <cmath>

BENCH_KERNEL void init(double *x, double *y, double *z, double *vx, double *vy, double *vz, double *m, long n) {
  for (long i = 0; i < n; ++i) {
    x[i] = (double)((i * 37) % 101) / 101.0;
    y[i] = (double)((i * 53) % 103) / 103.0;
    z[i] = (double)((i * 71) % 107) / 107.0;
    vx[i] = vy[i] = vz[i] = 0.0;
    m[i] = 1.0 / (double)n;
  }
}

BENCH_KERNEL void nbody(double *x, double *y, double *z, double *vx, double *vy, double *vz, const double *m,
                        double *ax, double *ay, double *az, long n, long steps) {
  const double eps2 = 0.01, dt = 0.01;
  for (long step = 0; step < steps; ++step) {
#pragma omp parallel for
    for (long i = 0; i < n; ++i) {
      double xi = x[i], yi = y[i], zi = z[i];
      double sx = 0.0, sy = 0.0, sz = 0.0;
      for (long j = 0; j < n; ++j) {
        double dx = x[j] - xi, dy = y[j] - yi, dz = z[j] - zi;
        double r2 = dx * dx + dy * dy + dz * dz + eps2;
        double f = m[j] / (r2 * std::sqrt(r2));
        sx += f * dx;
        sy += f * dy;
        sz += f * dz;
      }
      ax[i] = sx;
      ay[i] = sy;
      az[i] = sz;
    }
#pragma omp parallel for
    for (long i = 0; i < n; ++i) {
      vx[i] += dt * ax[i];
      vy[i] += dt * ay[i];
      vz[i] += dt * az[i];
      x[i] += dt * vx[i];
      y[i] += dt * vy[i];
      z[i] += dt * vz[i];
    }
  }
}

BENCH_KERNEL double total(const double *x, const double *y, const double *z, long n) {
  double s = 0.0;
  for (long i = 0; i < n; ++i) s += x[i] + y[i] + z[i];
  return s;
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 4096;
  double *x = new double[n](), *y = new double[n](), *z = new double[n]();
  double *vx = new double[n](), *vy = new double[n](), *vz = new double[n](), *m = new double[n]();
  double *ax = new double[n](), *ay = new double[n](), *az = new double[n]();
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    init(x, y, z, vx, vy, vz, m, n);  // every call starts from the same state
    double t0 = now();
    nbody(x, y, z, vx, vy, vz, m, ax, ay, az, n, 3);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("nbody", best, total(x, y, z, n));
  for (double *p : {x, y, z, vx, vy, vz, m, ax, ay, az}) delete[] p;
}
