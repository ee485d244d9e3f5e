// The host side of the runtime: what the driver and the JIT use to find the
// runtime's entry points and to read back an exception raised by compiled code.
#pragma once
#include "parjit/abi.h"
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parjit::rt {

struct Frame {
  std::string file;
  int line = 0;
  std::string function;
};

/// An exception raised by compiled code (kind from pj_exc).
struct PendingError {
  int kind = PJ_EXC_NONE;
  std::string message;      // "index 10 is out of bounds for axis 0 with size 10"
  std::vector<Frame> frames; // innermost first
  /// "IndexError", "ZeroDivisionError", ...
  static const char *kindName(int kind);
};

/// Takes the error raised on this thread since the last call (false if none).
bool takeError(PendingError &out);
/// Makes `e` the pending error of this thread (an error handed over from a worker).
void restoreError(PendingError e);

/// Parallel loops. Chooses the threading layer ("tbb", "omp"; "" keeps the
/// current one, or PARJIT_THREADING_LAYER, default tbb) and the thread count
/// (0 keeps the current one, or PARJIT_NUM_THREADS, default the CPUs this
/// process may run on), loading the layer now. false, with `err`, when the
/// layer cannot be loaded: never a silent fallback to another layer.
bool configureThreading(const std::string &layer, int32_t threads, std::string &err);
struct ThreadingInfo {
  std::string layer, version, path;
  int32_t threads = 0;
};
bool threadingInfo(ThreadingInfo &out, std::string &err);

/// The BLAS that pj_gemm_* calls (its path), or "" when there is none.
std::string blasLibrary();

/// The CUDA device kernels run on (runtime/cuda.cpp): libcuda loaded and
/// initialized on first use. Never raises: without a device, available is
/// false and reason says why.
struct CudaDeviceInfo {
  bool available = false;
  std::string reason;  // "libcuda.so.1 cannot be loaded (...)", "cuInit failed: ..."
  std::string name;    // "NVIDIA H100 80GB HBM3"
  int major = 0, minor = 0; // compute capability: sm_{major}{minor}
  int64_t totalMemory = 0;  // bytes
  int driverVersion = 0;    // 13000 for 13.0
  std::string library;      // $PARJIT_CUDA_LIBRARY or libcuda.so.1
};
CudaDeviceInfo cudaDeviceInfo();
/// One line: "NVIDIA H100 80GB HBM3 (sm_90, 79.1 GiB), driver 13.0,
/// libcuda.so.1", or "none: <reason>".
std::string cudaDescription();
/// For tests: frees every device copy (without copying it back), unloads
/// modules and the driver, so that the next use loads $PARJIT_CUDA_LIBRARY
/// again.
void cudaResetForTests();

/// Every C symbol of abi.h with its address, for the JIT's symbol table.
std::vector<std::pair<const char *, void *>> symbols();

/// Blocks from pj_alloc still referenced, their bytes, and how many were made.
struct MemoryStats {
  int64_t liveBlocks = 0, liveBytes = 0, totalBlocks = 0;
};
MemoryStats memoryStats();
/// Frees every block still referenced (the end of a program run: what compiled
/// code did not release); returns how many there were.
int64_t freeAll();

// Formatting, exposed for unit tests and for print.
std::string formatFloat64(double v); // CPython repr(float)
std::string formatFloat32(float v);  // str(np.float32)
std::string formatArray(const void *data, int dtype, int ndim, const int64_t *shape,
                        const int64_t *strides, bool repr);

// NumPy's Dragon4 printer (numpy/core/src/multiarray/dragon4.c), in its
// "unique" digit mode, shared by the scalar and array formatters.
enum class TrimMode { None, Zeros, LeaveOneZero, DptZeros }; // trim= 'k' '.' '0' '-'
struct Dragon4Options {
  bool scientific = false;
  bool fractional = true; // positional: precision counts digits after the point
  int precision = -1;     // most digits (-1: as many as uniqueness needs)
  int minDigits = -1;     // fewest digits (-1: none)
  TrimMode trim = TrimMode::None;
  bool sign = false;      // '+' on positive values
  int padLeft = -1, padRight = -1, expDigits = -1;
};
std::string dragon4(double v, bool asFloat32, const Dragon4Options &opts);
std::string formatNumpyScalar(double v, bool asFloat32); // str(np.float64 / np.float32)
/// repr() of a str, quoted and escaped as CPython does: 'x.npy'.
std::string pyRepr(std::string_view s);

} // namespace parjit::rt
