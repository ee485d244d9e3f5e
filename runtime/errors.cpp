// Python exceptions raised by compiled code: recorded per thread, read back by the host.
#include "Runtime.h"
#include <string>

namespace parjit::rt {
namespace {
thread_local PendingError tlsError;
} // namespace

const char *PendingError::kindName(int kind) {
  switch (kind) {
  case PJ_EXC_INDEX: return "IndexError";
  case PJ_EXC_ZERO_DIVISION: return "ZeroDivisionError";
  case PJ_EXC_ASSERTION: return "AssertionError";
  case PJ_EXC_VALUE: return "ValueError";
  case PJ_EXC_MEMORY: return "MemoryError";
  case PJ_EXC_OVERFLOW: return "OverflowError";
  case PJ_EXC_RUNTIME: return "RuntimeError";
  case PJ_EXC_FILE_NOT_FOUND: return "FileNotFoundError";
  case PJ_EXC_OS: return "OSError";
  default: return "Exception";
  }
}

bool takeError(PendingError &out) {
  if (tlsError.kind == PJ_EXC_NONE) return false;
  out = std::move(tlsError);
  tlsError = PendingError();
  return true;
}

void restoreError(PendingError e) { tlsError = std::move(e); }

} // namespace parjit::rt

using parjit::rt::tlsError;

extern "C" {

void pj_raise(int32_t kind, const char *msg) {
  tlsError.kind = kind == PJ_EXC_NONE ? PJ_EXC_RUNTIME : kind;
  tlsError.message = msg ? msg : "";
  tlsError.frames.clear();
}

void pj_raise_index(int64_t index, int64_t axis, int64_t size) {
  std::string msg = "index " + std::to_string(index) + " is out of bounds for axis " +
                    std::to_string(axis) + " with size " + std::to_string(size);
  pj_raise(PJ_EXC_INDEX, msg.c_str());
}

static std::string shapeText(int64_t ndim, const int64_t *shape) {
  std::string s = "(";
  for (int64_t k = 0; k < ndim; ++k) s += (k ? "," : "") + std::to_string(shape[k]); // NumPy: (2,3), no spaces
  return s + (ndim == 1 ? ",)" : ")");
}

void pj_raise_broadcast(int32_t n, const int64_t *ndims, const int64_t *shapes) {
  std::string msg = "operands could not be broadcast together with shapes ";
  for (int32_t i = 0; i < n; ++i) {
    msg += shapeText(ndims[i], shapes) + " "; // NumPy's message ends with a space too
    shapes += ndims[i];
  }
  pj_raise(PJ_EXC_VALUE, msg.c_str());
}

void pj_raise_broadcast_into(int32_t srcNdim, const int64_t *src, int32_t dstNdim, const int64_t *dst) {
  std::string msg = "could not broadcast input array from shape " + shapeText(srcNdim, src) + " into shape " +
                    shapeText(dstNdim, dst);
  pj_raise(PJ_EXC_VALUE, msg.c_str());
}

void pj_raise_reshape(int64_t size, int32_t ndim, const int64_t *shape) {
  int unknown = 0;
  for (int32_t k = 0; k < ndim; ++k) unknown += shape[k] < 0;
  if (unknown > 1) return pj_raise(PJ_EXC_VALUE, "can only specify one unknown dimension");
  // NumPy's own rendering of the requested shape: leading unknowns are
  // skipped, later ones read "newaxis", and there is no space after commas.
  int32_t i = 0;
  while (i < ndim && shape[i] < 0) ++i;
  std::string text = "()";
  if (i < ndim) {
    text = "(" + std::to_string(shape[i]);
    for (++i; i < ndim; ++i) text += shape[i] < 0 ? std::string(",newaxis") : "," + std::to_string(shape[i]);
    text += ndim == 1 ? ",)" : ")";
  }
  std::string msg = "cannot reshape array of size " + std::to_string(size) + " into shape " + text;
  pj_raise(PJ_EXC_VALUE, msg.c_str());
}

void pj_raise_concatenate(int64_t axis, int64_t index, int64_t size0, int64_t sizeI) {
  std::string msg = "all the input array dimensions except for the concatenation axis must match exactly, but "
                    "along dimension " + std::to_string(axis) + ", the array at index 0 has size " +
                    std::to_string(size0) + " and the array at index " + std::to_string(index) + " has size " +
                    std::to_string(sizeI);
  pj_raise(PJ_EXC_VALUE, msg.c_str());
}

void pj_raise_mask_shape(int64_t axis, int64_t dim, int64_t maskDim) {
  std::string msg = "boolean index did not match indexed array along dimension " + std::to_string(axis) +
                    "; dimension is " + std::to_string(dim) + " but corresponding boolean dimension is " +
                    std::to_string(maskDim);
  pj_raise(PJ_EXC_INDEX, msg.c_str());
}

void pj_raise_mask_assign(int64_t values, int64_t selected) {
  std::string msg = "NumPy boolean array indexing assignment cannot assign " + std::to_string(values) +
                    " input values to the " + std::to_string(selected) + " output values where the mask is true";
  pj_raise(PJ_EXC_VALUE, msg.c_str());
}

void pj_add_frame(const char *file, int32_t line, const char *function) {
  tlsError.frames.push_back({file ? file : "", line, function ? function : ""});
}

int32_t pj_failed(void) { return tlsError.kind != PJ_EXC_NONE; }

} // extern "C"
