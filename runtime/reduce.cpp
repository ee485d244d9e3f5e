// NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src,
// pairwise_sum_DOUBLE/FLOAT), so that a float sum gives NumPy's bits: runs
// of fewer than 8 are added in order, runs up to 128 with 8 accumulators,
// longer ones split in two (at a multiple of 8) and the halves added.
// A whole sum is NumPy's buffered reduction: blocks of 8192 elements, each
// summed pairwise, the block sums added in order to 0. The blocks are
// independent, so a parallel sum computes them on all cores and still adds
// them in order: NumPy's bits whatever the number of threads.
#include "parjit/abi.h"
#include <algorithm>
#include <vector>

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

constexpr int64_t kBlock = 8192;
// Blocks per chunk of a parallel sum (a chunk of 32 blocks is 2 MiB of doubles).
constexpr int64_t kBlocksPerChunk = 32;

template <class T> struct SumJob {
  const char *data;
  int64_t n, stride;
  T *partial; // one per block
};

template <class T> int32_t sumBlocks(void *env, int64_t lo, int64_t hi) {
  auto *job = static_cast<SumJob<T> *>(env);
  for (int64_t b = lo; b < hi; ++b) {
    int64_t first = b * kBlock;
    job->partial[b] = pairwise<T>(job->data + first * job->stride, std::min(kBlock, job->n - first), job->stride);
  }
  return 0;
}

template <class T> T blockedSum(const void *data, int64_t n, int64_t stride, int32_t parallel) {
  const char *a = static_cast<const char *>(data);
  int64_t blocks = n <= 0 ? 0 : (n - 1) / kBlock + 1;
  T res = 0;
  if (parallel && blocks > kBlocksPerChunk) {
    std::vector<T> partial(static_cast<size_t>(blocks));
    SumJob<T> job{a, n, stride, partial.data()};
    if (pj_parallel_for(&job, sumBlocks<T>, blocks, kBlocksPerChunk) == 0) {
      for (T p : partial) res += p;
      return res;
    }
    // The threading layer failed (its error is pending): sum here instead.
  }
  for (int64_t b = 0; b < blocks; ++b)
    res += pairwise<T>(a + b * kBlock * stride, std::min(kBlock, n - b * kBlock), stride);
  return res;
}

} // namespace

extern "C" {
double pj_pairwise_f64(const void *data, int64_t n, int64_t stride) {
  return pairwise<double>(static_cast<const char *>(data), n, stride);
}
float pj_pairwise_f32(const void *data, int64_t n, int64_t stride) {
  return pairwise<float>(static_cast<const char *>(data), n, stride);
}
double pj_sum_f64(const void *data, int64_t n, int64_t stride, int32_t parallel) {
  return blockedSum<double>(data, n, stride, parallel);
}
float pj_sum_f32(const void *data, int64_t n, int64_t stride, int32_t parallel) {
  return blockedSum<float>(data, n, stride, parallel);
}
}
