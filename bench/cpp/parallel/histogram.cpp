// Histogram of 2^25 int64 values into 256 bins, OpenMP with an array reduction
// (a private histogram per thread, added up); the reference for
// bench/parallel/histogram.py. An optional argument sets n.
#include "../common.h"
#include <cstdint>

BENCH_KERNEL void init(int64_t *data, long n) {
  int64_t x = 12345;
  for (long i = 0; i < n; ++i) {
    x = (x * 1103515245 + 12345) & 2147483647;
    data[i] = x >> 16;
  }
}

BENCH_KERNEL void histogram(const int64_t *data, long n, int64_t *hist) {
  for (int b = 0; b < 256; ++b) hist[b] = 0;
#pragma omp parallel for reduction(+ : hist[:256])
  for (long i = 0; i < n; ++i) hist[data[i] & 255] += 1;
}

BENCH_KERNEL long long total(const int64_t *hist) {
  long long s = 0;
  for (int b = 0; b < 256; ++b) s += (b + 1) * hist[b];
  return s;
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1L << 25;
  int64_t *data = new int64_t[n], *hist = new int64_t[256]();
  init(data, n);
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    histogram(data, n, hist);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  reportInt("histogram", best, total(hist));
  delete[] data;
  delete[] hist;
}
