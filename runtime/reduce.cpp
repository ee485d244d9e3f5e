// NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src,
// pairwise_sum_DOUBLE/FLOAT), so that a float sum gives NumPy's bits: runs
// of fewer than 8 are added in order, runs up to 128 with 8 accumulators,
// longer ones split in two (at a multiple of 8) and the halves added.
// Generated code calls it on blocks of 8192 elements, as NumPy's buffered
// reduction does, adding the block sums in order.
#include "parjit/abi.h"

namespace {

template <class T> T pairwise(const char *a, int64_t n, int64_t stride) {
  auto at = [&](int64_t i) { return *reinterpret_cast<const T *>(a + i * stride); };
  if (n < 8) {
    T res = 0.;
    for (int64_t i = 0; i < n; ++i) res += at(i);
    return res;
  }
  if (n <= 128) {
    T r[8];
    for (int j = 0; j < 8; ++j) r[j] = at(j);
    int64_t i;
    for (i = 8; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += at(i + j);
    T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += at(i);
    return res;
  }
  int64_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise<T>(a, n2, stride) + pairwise<T>(a + n2 * stride, n - n2, stride);
}

} // namespace

extern "C" {
double pj_pairwise_f64(const void *data, int64_t n, int64_t stride) {
  return pairwise<double>(static_cast<const char *>(data), n, stride);
}
float pj_pairwise_f32(const void *data, int64_t n, int64_t stride) {
  return pairwise<float>(static_cast<const char *>(data), n, stride);
}
}
