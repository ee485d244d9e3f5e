// Matrix products of float arrays through a BLAS, as NumPy computes them:
// OpenBLAS (Debian's libopenblas0), loaded with dlopen when first needed so
// that nothing links it and a machine without it still runs, with the
// product computed by a plain loop nest instead.
#include "Runtime.h"
#include <cstdint>
#include <dlfcn.h>
#include <limits>
#include <mutex>

namespace parjit::rt {
namespace {

// The Fortran interface every BLAS has (column-major, 32-bit integers).
using DgemmFn = void (*)(const char *, const char *, const int *, const int *, const int *, const double *,
                         const double *, const int *, const double *, const int *, const double *, double *,
                         const int *);
using SgemmFn = void (*)(const char *, const char *, const int *, const int *, const int *, const float *,
                         const float *, const int *, const float *, const int *, const float *, float *, const int *);

struct Blas {
  DgemmFn dgemm = nullptr;
  SgemmFn sgemm = nullptr;
  std::string path;
};

const Blas &blas() {
  static Blas b;
  static std::once_flag once;
  std::call_once(once, [] {
    if (const char *off = std::getenv("PARJIT_BLAS"); off && std::string(off) == "0") return;
    for (const char *name : {"libopenblas.so.0", "libblas.so.3"}) {
      void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
      if (!h) continue;
      auto d = reinterpret_cast<DgemmFn>(dlsym(h, "dgemm_"));
      auto s = reinterpret_cast<SgemmFn>(dlsym(h, "sgemm_"));
      if (!d || !s) {
        dlclose(h);
        continue;
      }
      b.dgemm = d;
      b.sgemm = s;
      char where[4096] = "";
      if (dlinfo(h, RTLD_DI_ORIGIN, where) == 0) b.path = std::string(where) + "/" + name;
      else b.path = name;
      return;
    }
  });
  return b;
}

bool fitsInt(int64_t v) { return v >= 0 && v <= std::numeric_limits<int>::max(); }

/// C = A B for row-major A (m x k), B (k x n), C (m x n), each with unit
/// stride along its rows: C^T = B^T A^T in BLAS's column-major terms.
template <class T, class Fn>
void gemm(Fn fn, int64_t m, int64_t n, int64_t k, const T *a, int64_t lda, const T *b, int64_t ldb, T *c,
          int64_t ldc) {
  if (fn && fitsInt(m) && fitsInt(n) && fitsInt(k) && fitsInt(lda) && fitsInt(ldb) && fitsInt(ldc) && m && n) {
    int M = static_cast<int>(n), N = static_cast<int>(m), K = static_cast<int>(k);
    int LDA = static_cast<int>(ldb), LDB = static_cast<int>(lda), LDC = static_cast<int>(ldc);
    if (LDA < 1) LDA = 1;
    if (LDB < 1) LDB = 1;
    if (LDC < 1) LDC = 1;
    T one = 1, zero = 0;
    fn("N", "N", &M, &N, &K, &one, b, &LDA, a, &LDB, &zero, c, &LDC);
    return;
  }
  for (int64_t i = 0; i < m; ++i) {
    T *row = c + i * ldc;
    for (int64_t j = 0; j < n; ++j) row[j] = 0;
    for (int64_t p = 0; p < k; ++p) {
      T x = a[i * lda + p];
      const T *brow = b + p * ldb;
      for (int64_t j = 0; j < n; ++j) row[j] += x * brow[j];
    }
  }
}

} // namespace

std::string blasLibrary() { return blas().path; }

} // namespace parjit::rt

extern "C" {
void pj_gemm_f64(int64_t m, int64_t n, int64_t k, const double *a, int64_t lda, const double *b, int64_t ldb,
                 double *c, int64_t ldc) {
  parjit::rt::gemm(parjit::rt::blas().dgemm, m, n, k, a, lda, b, ldb, c, ldc);
}
void pj_gemm_f32(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b, int64_t ldb, float *c,
                 int64_t ldc) {
  parjit::rt::gemm(parjit::rt::blas().sgemm, m, n, k, a, lda, b, ldb, c, ldc);
}
}
