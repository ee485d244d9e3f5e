// The runtime side of libraries made by `parjit compile` (include/parjit/aot.h).
#include "parjit/aot.h"
#include "Runtime.h"
#include <cstring>
#include <string>

extern "C" {

int32_t pj_aot_array(void *desc, const parjit_aot_array *a, int64_t ndim, int64_t itemsize, int32_t contiguous) {
  if (!a || !a->shape || a->ndim != ndim) {
    std::string msg = "expected a " + std::to_string(ndim) + "-dimensional array, got " +
                      (a && a->shape ? std::to_string(a->ndim) + " dimensions" : std::string("none"));
    pj_raise(PJ_EXC_VALUE, msg.c_str());
    return -1;
  }
  // { meminfo, data, shape[ndim], strides[ndim] }
  auto *d = static_cast<char *>(desc);
  void *none = nullptr;
  std::memcpy(d, &none, sizeof none);
  std::memcpy(d + sizeof(void *), &a->data, sizeof(void *));
  auto *shape = reinterpret_cast<int64_t *>(d + 2 * sizeof(void *));
  int64_t *strides = shape + ndim, s = itemsize;
  bool isContiguous = true;
  for (int64_t k = ndim - 1; k >= 0; --k) {
    if (a->shape[k] < 0) {
      pj_raise(PJ_EXC_VALUE, "negative dimensions are not allowed");
      return -1;
    }
    shape[k] = a->shape[k];
    strides[k] = a->strides ? a->strides[k] : s;
    if (shape[k] != 1 && strides[k] != s) isContiguous = false;
    s *= shape[k];
  }
  if (contiguous && !isContiguous) {
    pj_raise(PJ_EXC_VALUE, "the array must be C-contiguous (the function was exported for [::1])");
    return -1;
  }
  return 0;
}

void pj_aot_result(parjit_aot_result *out, const void *desc, int64_t ndim) {
  auto *d = static_cast<const char *>(desc);
  std::memset(out, 0, sizeof *out);
  std::memcpy(&out->owner, d, sizeof(void *));
  std::memcpy(&out->data, d + sizeof(void *), sizeof(void *));
  out->ndim = ndim;
  auto *shape = reinterpret_cast<const int64_t *>(d + 2 * sizeof(void *));
  for (int64_t k = 0; k < ndim && k < 8; ++k) {
    out->shape[k] = shape[k];
    out->strides[k] = shape[ndim + k];
  }
}

const char *parjit_last_error(void) {
  static thread_local std::string text;
  parjit::rt::PendingError pe;
  if (!parjit::rt::takeError(pe)) return text.c_str();
  text = pe.frames.empty() ? "" : "Traceback (most recent call last):\n";
  for (auto it = pe.frames.rbegin(); it != pe.frames.rend(); ++it)
    text += "  File \"" + it->file + "\", line " + std::to_string(it->line) + ", in " + it->function + "\n";
  text += parjit::rt::PendingError::kindName(pe.kind);
  if (!pe.message.empty()) text += ": " + pe.message;
  return text.c_str();
}

void parjit_aot_release(parjit_aot_result *a) {
  if (!a) return;
  pj_decref(static_cast<pj_meminfo *>(a->owner));
  a->owner = nullptr;
}

} // extern "C"
