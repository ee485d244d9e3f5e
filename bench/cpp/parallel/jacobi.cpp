// One 5-point Jacobi sweep on 2048x2048 float64, OpenMP over rows; the
// reference for bench/parallel/jacobi.py (row-major, as NumPy's default layout).
// Optional arguments: the grid size, and the number of sweeps per timed call
// (default 1): u -> v -> w -> v ..., the borders of v and w staying 0, as in
// bench/array/jacobi_array.py (bench/array.py runs 10).
#include "../common.h"

BENCH_KERNEL void init(double *u, long n, long m) {
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < m; ++j) u[i * m + j] = (double)((i * 7 + j * 3) % 11);
}

BENCH_KERNEL void jacobi(const double *u, double *v, long n, long m) {
#pragma omp parallel for
  for (long i = 1; i < n - 1; ++i)
    for (long j = 1; j < m - 1; ++j)
      v[i * m + j] = 0.25 * (u[(i - 1) * m + j] + u[(i + 1) * m + j] + u[i * m + j - 1] + u[i * m + j + 1]);
}

BENCH_KERNEL double total(const double *v, long n, long m) {
  double s = 0.0;
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < m; ++j) s += v[i * m + j];
  return s;
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 2048, m = n;
  const long sweeps = argc > 2 ? std::atol(argv[2]) : 1;
  double *u = new double[n * m](), *v = new double[n * m](), *w = new double[n * m]();
  init(u, n, m);
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    jacobi(u, v, n, m);
    for (long s = 1; s < sweeps; ++s) {
      if (s % 2 == 1) jacobi(v, w, n, m);
      else jacobi(w, v, n, m);
    }
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("jacobi", best, total(sweeps % 2 ? v : w, n, m));
  delete[] u;
  delete[] v;
  delete[] w;
}
