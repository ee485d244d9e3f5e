// Dot product, OpenMP reduction; the reference for bench/parallel/dot.py.
// An optional argument sets n.
#include "../common.h"

BENCH_KERNEL double dot(const double *x, const double *y, long n) {
  double s = 0.0;
#pragma omp parallel for reduction(+ : s)
  for (long i = 0; i < n; ++i) s += x[i] * y[i];
  return s;
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1L << 25;
  double *x = new double[n], *y = new double[n];
  for (long i = 0; i < n; ++i) {
    x[i] = (double)i;
    y[i] = 0.5;
  }
  double best = 1e30, s = 0.0;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    s = dot(x, y, n);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("dot", best, s);
  delete[] x;
  delete[] y;
}
