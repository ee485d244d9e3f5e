/* A C program that uses a library made by `parjit compile` (test/aot/run.sh). */
#include "libkernels.h"
#include <stdio.h>

int main(void) {
  double x[4] = {1, 2, 2, 4}, y[4] = {1, 1, 1, 1}, r;
  int64_t n = 4;
  parjit_aot_array xa = {x, 1, &n, NULL}, ya = {y, 1, &n, NULL};
  if (norm(&r, &xa) != 0) return 1;
  printf("norm %.1f\n", r);
  if (saxpy(2.0, &xa, &ya) != 0) return 1;
  printf("saxpy %.1f %.1f %.1f %.1f\n", y[0], y[1], y[2], y[3]);

  /* Every other element: a strided view. */
  int64_t half = 2, stride = 16;
  parjit_aot_array odd = {x + 1, 1, &half, &stride};
  if (norm(&r, &odd) != 0) return 1;
  printf("strided norm %.1f\n", r);

  static double big[1000000];
  int64_t nb = 1000000, count;
  for (int64_t i = 0; i < nb; ++i) big[i] = (double)(i % 100);
  parjit_aot_array ba = {big, 1, &nb, NULL};
  if (count_above(&count, &ba, 49.5) != 0) return 1;
  printf("count_above %lld\n", (long long)count);

  parjit_aot_result sq;
  if (squares(&sq, 5) != 0) return 1;
  printf("squares %lld %lld (shape %lld)\n", (long long)((int64_t *)sq.data)[2], (long long)((int64_t *)sq.data)[4],
         (long long)sq.shape[0]);
  parjit_aot_release(&sq);

  double m[6] = {3, -1, 4, 1, -5, 9};
  int64_t shape[2] = {2, 3};
  parjit_aot_array ma = {m, 2, shape, NULL};
  bounds_result b;
  if (bounds(&b, &ma) != 0) return 1;
  printf("bounds %.1f %.1f\n", b.r0, b.r1);

  if (get(&r, &xa, 7) == 0) return 1;
  printf("%s\n", parjit_last_error());
  if (norm(&r, &ma) == 0) return 1; /* a 2-D array where a 1-D one is expected */
  printf("%s\n", parjit_last_error());
  return 0;
}
