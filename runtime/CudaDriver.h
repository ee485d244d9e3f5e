// The part of the CUDA driver API that runtime/cuda.cpp uses, loaded with
// dlopen so that parjit neither links libcuda nor needs CUDA's headers to
// build. The types and constants are cuda.h's (CUDA 13; they have not
// changed since they appeared, CUDA 4 to 9), the functions are resolved by
// the versioned names that cuda.h's macros select (cuMemAlloc is
// cuMemAlloc_v2, ...). The newest entry point is cuFuncSetAttribute (CUDA 9).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>

namespace parjit::rt::cuda {

using CUresult = int;
using CUdevice = int;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUevent = struct CUevent_st *;
using CUdeviceptr = unsigned long long;
using CUjit_option = int; // an enum in cuda.h: int-sized
using CUfunction_attribute = int; // likewise

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;
constexpr CUresult CUDA_ERROR_NOT_FOUND = 500;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;
constexpr CUfunction_attribute CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8;
constexpr CUfunction_attribute CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES = 1; // static __shared__ bytes
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr unsigned CU_EVENT_DISABLE_TIMING = 2;

// X(member, exported symbol, function type)
#define PJ_CUDA_DRIVER_FUNCTIONS(X)                                                                                 \
  X(cuGetErrorName, "cuGetErrorName", CUresult(CUresult, const char **))                                       \
  X(cuGetErrorString, "cuGetErrorString", CUresult(CUresult, const char **))                                   \
  X(cuInit, "cuInit", CUresult(unsigned))                                                                       \
  X(cuDriverGetVersion, "cuDriverGetVersion", CUresult(int *))                                                 \
  X(cuDeviceGetCount, "cuDeviceGetCount", CUresult(int *))                                                     \
  X(cuDeviceGet, "cuDeviceGet", CUresult(CUdevice *, int))                                                     \
  X(cuDeviceGetName, "cuDeviceGetName", CUresult(char *, int, CUdevice))                                       \
  X(cuDeviceGetAttribute, "cuDeviceGetAttribute", CUresult(int *, int, CUdevice))                              \
  X(cuDeviceTotalMem, "cuDeviceTotalMem_v2", CUresult(size_t *, CUdevice))                                     \
  X(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", CUresult(CUcontext *, CUdevice))                     \
  X(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2", CUresult(CUdevice))                             \
  X(cuCtxGetCurrent, "cuCtxGetCurrent", CUresult(CUcontext *))                                                 \
  X(cuCtxSetCurrent, "cuCtxSetCurrent", CUresult(CUcontext))                                                   \
  X(cuCtxSynchronize, "cuCtxSynchronize", CUresult())                                                          \
  X(cuModuleLoadDataEx, "cuModuleLoadDataEx",                                                                      \
    CUresult(CUmodule *, const void *, unsigned, CUjit_option *, void **))                                     \
  X(cuModuleUnload, "cuModuleUnload", CUresult(CUmodule))                                                      \
  X(cuModuleGetFunction, "cuModuleGetFunction", CUresult(CUfunction *, CUmodule, const char *))                \
  X(cuModuleGetGlobal, "cuModuleGetGlobal_v2", CUresult(CUdeviceptr *, size_t *, CUmodule, const char *))      \
  X(cuFuncSetAttribute, "cuFuncSetAttribute", CUresult(CUfunction, CUfunction_attribute, int))                 \
  X(cuFuncGetAttribute, "cuFuncGetAttribute", CUresult(int *, CUfunction_attribute, CUfunction))               \
  X(cuLaunchKernel, "cuLaunchKernel",                                                                              \
    CUresult(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned, CUstream,        \
                 void **, void **))                                                                                 \
  X(cuMemAlloc, "cuMemAlloc_v2", CUresult(CUdeviceptr *, size_t))                                              \
  X(cuMemFree, "cuMemFree_v2", CUresult(CUdeviceptr))                                                          \
  X(cuMemcpyHtoD, "cuMemcpyHtoD_v2", CUresult(CUdeviceptr, const void *, size_t))                             \
  X(cuMemcpyDtoH, "cuMemcpyDtoH_v2", CUresult(void *, CUdeviceptr, size_t))                                   \
  X(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2", CUresult(CUdeviceptr, const void *, size_t, CUstream))         \
  X(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2", CUresult(void *, CUdeviceptr, size_t, CUstream))               \
  X(cuMemAllocHost, "cuMemAllocHost_v2", CUresult(void **, size_t))                                            \
  X(cuMemFreeHost, "cuMemFreeHost", CUresult(void *))                                                          \
  X(cuStreamCreate, "cuStreamCreate", CUresult(CUstream *, unsigned))                                          \
  X(cuStreamDestroy, "cuStreamDestroy_v2", CUresult(CUstream))                                                 \
  X(cuStreamSynchronize, "cuStreamSynchronize", CUresult(CUstream))                                            \
  X(cuEventCreate, "cuEventCreate", CUresult(CUevent *, unsigned))                                             \
  X(cuEventRecord, "cuEventRecord", CUresult(CUevent, CUstream))                                               \
  X(cuEventSynchronize, "cuEventSynchronize", CUresult(CUevent))                                               \
  X(cuEventDestroy, "cuEventDestroy_v2", CUresult(CUevent))

struct Driver {
#define PJ_CUDA_MEMBER(member, symbol, type) std::add_pointer_t<type> member = nullptr;
  PJ_CUDA_DRIVER_FUNCTIONS(PJ_CUDA_MEMBER)
#undef PJ_CUDA_MEMBER
};

/// libcuda loaded and initialized, and the device chosen; or why not.
struct Device {
  bool ready = false;
  std::string reason;
  std::string library; // as given to dlopen
  void *handle = nullptr;
  Driver d;
  CUdevice device = 0;
  std::string name;
  int major = 0, minor = 0, driverVersion = 0;
  int64_t totalMemory = 0;
};

/// dlopen($PARJIT_CUDA_LIBRARY or libcuda.so.1), cuInit(0), the device
/// $PARJIT_CUDA_DEVICE (default 0) and its properties. On failure
/// out.ready is false and out.reason says why.
void loadDevice(Device &out);
/// dlclose: `dev` is as if never loaded.
void unloadDevice(Device &dev);
/// "CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)".
std::string errorText(const Driver &d, CUresult r);

} // namespace parjit::rt::cuda
