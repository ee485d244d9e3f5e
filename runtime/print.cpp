// print(): compiled code writes each piece of a line to stdout through these.
#include "Runtime.h"
#include <cinttypes>
#include <cstdio>
#include <mutex>
#include <string>

namespace {
// stdio buffers; the mutex keeps one pj_write_* call's text contiguous when
// parallel loop bodies print.
std::mutex &outMutex() {
  static std::mutex m;
  return m;
}

void emit(const char *s, size_t n) {
  std::lock_guard<std::mutex> lock(outMutex());
  std::fwrite(s, 1, n, stdout);
}

void emit(const std::string &s) { emit(s.data(), s.size()); }
} // namespace

extern "C" {

void pj_write_str(const char *s, int64_t len) {
  if (s && len > 0) emit(s, static_cast<size_t>(len));
}

void pj_write_i64(int64_t v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%" PRId64, v);
  emit(buf, static_cast<size_t>(n));
}

void pj_write_u64(uint64_t v) {
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%" PRIu64, v);
  emit(buf, static_cast<size_t>(n));
}

void pj_write_f64(double v) { emit(parjit::rt::formatFloat64(v)); }

void pj_write_f32(float v) { emit(parjit::rt::formatFloat32(v)); }

void pj_write_bool(int32_t v) { emit(v ? "True" : "False"); }

void pj_write_array(const void *data, int32_t dtype, int32_t ndim, const int64_t *shape,
                    const int64_t *strides, int32_t repr) {
  emit(parjit::rt::formatArray(data, dtype, ndim, shape, strides, repr != 0));
}

void pj_flush(void) {
  std::lock_guard<std::mutex> lock(outMutex());
  std::fflush(stdout);
}

} // extern "C"
