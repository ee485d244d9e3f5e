// Mandelbrot set on a 2048x2048 int32 image, max_iter 256, OpenMP over rows
// with schedule(dynamic); the reference for bench/parallel/mandelbrot.py.
// An optional argument sets the image size.
#include "../common.h"
#include <cstdint>

BENCH_KERNEL void mandelbrot(int32_t *img, long h, long w, long max_iter) {
#pragma omp parallel for schedule(dynamic)
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      double c_re = -2.0 + 3.0 * (double)x / (double)w;
      double c_im = -1.5 + 3.0 * (double)y / (double)h;
      double z_re = 0.0, z_im = 0.0;
      long n = 0;
      while (n < max_iter && z_re * z_re + z_im * z_im <= 4.0) {
        double t = z_re * z_re - z_im * z_im + c_re;
        z_im = 2.0 * z_re * z_im + c_im;
        z_re = t;
        ++n;
      }
      img[y * w + x] = (int32_t)n;
    }
}

BENCH_KERNEL long total(const int32_t *img, long h, long w) {
  long s = 0;
  for (long i = 0; i < h * w; ++i) s += img[i];
  return s;
}

int main(int argc, char **argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 2048;
  int32_t *img = new int32_t[n * n]();
  double best = 1e30;
  for (int rep = 0; rep < 6; ++rep) { // the first run warms up
    double t0 = now();
    mandelbrot(img, n, n, 256);
    double t = now() - t0;
    if (rep > 0 && t < best) best = t;
  }
  reportInt("mandelbrot", best, total(img, n, n));
  delete[] img;
}
