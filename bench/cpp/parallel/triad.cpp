// STREAM triad, OpenMP; the reference for bench/parallel/triad.py.
// An optional argument sets n.
#include "../common.h"

BENCH_KERNEL void triad(double *a, const double *b, const double *c, double s, long n) {
#pragma omp parallel for
  for (long i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1L << 25;
  double *a = new double[n](), *b = new double[n], *c = new double[n];
  for (long i = 0; i < n; ++i) {
    b[i] = (double)i;
    c[i] = 1.0;
  }
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    triad(a, b, c, 3.0, n);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  report("triad", best, a[n - 1]);
  delete[] a;
  delete[] b;
  delete[] c;
}
