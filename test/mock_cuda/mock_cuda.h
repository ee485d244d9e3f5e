/* libparjit_mock_cuda.so: a CUDA driver over host memory, for testing
   runtime/cuda.cpp without a GPU. Device pointers are host addresses;
   asynchronous copies really are deferred until the stream or an event is
   synchronized; a launch runs the host function a test registered for the
   kernel's name. These functions control and observe it (tests find them
   with dlsym). MOCK_CUDA_NO_DEVICE=1 in the environment makes cuInit fail
   with CUDA_ERROR_NO_DEVICE. The device is an sm_90 with 80 GiB (see
   mock_cuda_set_total_memory) that allows 232448 bytes (227 KiB) of
   dynamic shared memory per block to a kernel opted in with
   cuFuncSetAttribute(CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES), 48
   KiB to others; a launch asking for more fails with
   CUDA_ERROR_INVALID_VALUE, as on a real device. */
#ifndef PARJIT_MOCK_CUDA_H
#define PARJIT_MOCK_CUDA_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mock_cuda_stats {
  /* copies between the host and cuMemAlloc'd memory (module globals are not counted) */
  int64_t htod_bytes, dtoh_bytes, htod_calls, dtoh_calls;
  int64_t async_copies;          /* of the calls above, cuMemcpy*Async */
  int64_t unpinned_async_copies; /* async copies whose host side is not from cuMemAllocHost */
  int64_t allocs, frees, live_device_bytes;
  int64_t pinned_allocs, live_pinned_bytes;
  int64_t launches, module_loads;
  int64_t func_set_attribute_calls; /* cuFuncSetAttribute, successful or not */
};

struct mock_cuda_launch {
  char name[128];
  unsigned grid[3], block[3];
  unsigned shared; /* sharedMemBytes */
};

/* A kernel: params as cuLaunchKernel received them. */
typedef void (*mock_cuda_kernel_fn)(void **params, const unsigned *grid, const unsigned *block);

struct mock_cuda_stats mock_cuda_get_stats(void);
/* Zeroes the counters (live bytes stay what is live) and forgets kernels,
   injected failures, the memory limit, the total memory set and a pending
   error record. */
void mock_cuda_reset(void);
/* Runs fn for each launch of kernel `name` (fn NULL: nothing runs). */
void mock_cuda_set_kernel(const char *name, mock_cuda_kernel_fn fn);
/* Kernels named `name` of modules loaded from now on have `bytes` of static
   shared memory (cuFuncGetAttribute(SHARED_SIZE_BYTES)); their dynamic size
   may then be 48 KiB less that, or up to 227 KiB less it when opted in. */
void mock_cuda_set_static_shared(const char *name, int bytes);
/* The next launch (of a module that has __pj_cuda_error) stores these 40
   bytes (a pj_cuda_error_record) into that global, as a failing kernel would. */
void mock_cuda_set_error(const void *record);
/* cuMemAlloc fails with CUDA_ERROR_OUT_OF_MEMORY beyond this many live bytes (0: no limit). */
void mock_cuda_set_memory_limit(int64_t bytes);
/* What cuDeviceTotalMem reports from now on (0: 80 GiB); it does not limit
   cuMemAlloc (mock_cuda_set_memory_limit does). */
void mock_cuda_set_total_memory(int64_t bytes);
/* cuMemAllocHost fails (pinned memory exhausted) while this is non-zero. */
void mock_cuda_fail_pinned(int fail);
/* The next call of the driver function `call` ("cuLaunchKernel", ...) returns `result`. */
void mock_cuda_fail_next(const char *call, int result);
struct mock_cuda_launch mock_cuda_last_launch(void);

#ifdef __cplusplus
}
#endif
#endif
