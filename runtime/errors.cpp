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

void pj_add_frame(const char *file, int32_t line, const char *function) {
  tlsError.frames.push_back({file ? file : "", line, function ? function : ""});
}

int32_t pj_failed(void) { return tlsError.kind != PJ_EXC_NONE; }

} // extern "C"
