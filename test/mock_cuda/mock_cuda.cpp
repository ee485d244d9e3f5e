// A CUDA driver over host memory (see mock_cuda.h): the cu* entry points
// runtime/cuda.cpp resolves, with the checks a real driver makes that
// catch runtime bugs (a current context, copies inside allocations,
// asynchronous copies that happen only when synchronized).
#include "mock_cuda.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#define MOCK_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;

constexpr CUresult CUDA_SUCCESS = 0, CUDA_ERROR_INVALID_VALUE = 1, CUDA_ERROR_OUT_OF_MEMORY = 2,
                   CUDA_ERROR_NOT_INITIALIZED = 3, CUDA_ERROR_NO_DEVICE = 100, CUDA_ERROR_INVALID_DEVICE = 101,
                   CUDA_ERROR_INVALID_CONTEXT = 201, CUDA_ERROR_INVALID_PTX = 218,
                   CUDA_ERROR_INVALID_HANDLE = 400, CUDA_ERROR_NOT_FOUND = 500, CUDA_ERROR_ILLEGAL_ADDRESS = 700;

constexpr size_t kErrorRecordBytes = 40; // sizeof(pj_cuda_error_record)
// Dynamic shared memory per block: without opting in, and at most (an H100's).
constexpr int kDefaultShared = 48 << 10, kSharedOptIn = 232448;
constexpr int kAttributeMaxDynamicShared = 8;        // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES
constexpr int kAttributeStaticShared = 1;            // CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES
constexpr int kAttributeSharedOptIn = 97;             // CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN
constexpr int64_t kDefaultTotalMemory = int64_t(80) << 30;

struct Context {
  int refs = 0;
};

struct Copy {
  void *dst;
  const void *src;
  size_t n;
};

struct Stream {
  std::deque<std::pair<uint64_t, Copy>> queue; // sequence number, copy
  uint64_t next = 0;
  void runUntil(uint64_t seq) {
    while (!queue.empty() && queue.front().first <= seq) {
      Copy c = queue.front().second;
      std::memcpy(c.dst, c.src, c.n);
      queue.pop_front();
    }
  }
  void runAll() { runUntil(UINT64_MAX); }
};

struct Event {
  Stream *stream = nullptr;
  uint64_t seq = 0;
};

struct Module;
struct Function {
  Module *module;
  std::string name;
  int staticShared = 0;     // its __shared__ arrays (mock_cuda_set_static_shared)
  int maxDynamicShared = 0; // set: cuFuncSetAttribute; else 48 KiB less the static size
};

struct Module {
  std::string text;
  void *errorGlobal = nullptr; // __pj_cuda_error, kErrorRecordBytes
  std::vector<std::unique_ptr<Function>> functions;
};

struct Mock {
  std::mutex mutex;
  bool initialized = false;
  Context primary;
  mock_cuda_stats stats{};
  std::map<uintptr_t, size_t> device, pinned, globals;
  std::vector<Stream *> streams;
  std::map<std::string, mock_cuda_kernel_fn> kernels;
  std::map<std::string, int> staticShared; // kernel name -> its static shared bytes
  std::map<std::string, CUresult> failNext;
  bool errorPending = false;
  unsigned char errorRecord[kErrorRecordBytes] = {};
  int64_t memoryLimit = 0;
  int64_t totalMemory = 0; // 0: kDefaultTotalMemory
  bool failPinned = false;
  mock_cuda_launch last{};
};

Mock &mock() {
  static Mock *m = new Mock;
  return *m;
}

thread_local Context *current = nullptr;

using Lock = std::lock_guard<std::mutex>;

// The injected result of `call`, once (0: none).
CUresult injected(Mock &m, const char *call) {
  auto it = m.failNext.find(call);
  if (it == m.failNext.end()) return CUDA_SUCCESS;
  CUresult r = it->second;
  m.failNext.erase(it);
  return r;
}

CUresult contextCheck(Mock &m) {
  if (!m.initialized) return CUDA_ERROR_NOT_INITIALIZED;
  return current == &m.primary && m.primary.refs > 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_CONTEXT;
}

bool within(const std::map<uintptr_t, size_t> &ranges, uintptr_t p, size_t n) {
  auto it = ranges.upper_bound(p);
  if (it == ranges.begin()) return false;
  --it;
  return p >= it->first && p + n <= it->first + it->second;
}

// A copy's device side: in an allocation (counted) or a module global (not).
CUresult deviceRange(Mock &m, CUdeviceptr p, size_t n, bool &counted) {
  counted = within(m.device, static_cast<uintptr_t>(p), n);
  if (counted || within(m.globals, static_cast<uintptr_t>(p), n)) return CUDA_SUCCESS;
  return CUDA_ERROR_INVALID_VALUE;
}

void flushAll(Mock &m) {
  for (Stream *s : m.streams) s->runAll();
}

CUresult copy(const char *call, void *dst, const void *src, size_t n, CUdeviceptr dev, bool htod, Stream *stream) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = injected(m, call)) return r;
  if (CUresult r = contextCheck(m)) return r;
  bool counted = false;
  if (CUresult r = deviceRange(m, dev, n, counted)) return r;
  if (counted) {
    (htod ? m.stats.htod_bytes : m.stats.dtoh_bytes) += static_cast<int64_t>(n);
    ++(htod ? m.stats.htod_calls : m.stats.dtoh_calls);
    if (stream) {
      ++m.stats.async_copies;
      if (!within(m.pinned, reinterpret_cast<uintptr_t>(htod ? src : dst), n)) ++m.stats.unpinned_async_copies;
    }
  }
  if (stream) {
    stream->queue.push_back({++stream->next, {dst, src, n}});
  } else {
    flushAll(m);
    std::memcpy(dst, src, n);
  }
  return CUDA_SUCCESS;
}

const char *errorName(CUresult r, bool text) {
  switch (r) {
  case CUDA_SUCCESS: return text ? "no error" : "CUDA_SUCCESS";
  case CUDA_ERROR_INVALID_VALUE: return text ? "invalid argument" : "CUDA_ERROR_INVALID_VALUE";
  case CUDA_ERROR_OUT_OF_MEMORY: return text ? "out of memory" : "CUDA_ERROR_OUT_OF_MEMORY";
  case CUDA_ERROR_NOT_INITIALIZED: return text ? "initialization error" : "CUDA_ERROR_NOT_INITIALIZED";
  case CUDA_ERROR_NO_DEVICE: return text ? "no CUDA-capable device is detected" : "CUDA_ERROR_NO_DEVICE";
  case CUDA_ERROR_INVALID_DEVICE: return text ? "invalid device ordinal" : "CUDA_ERROR_INVALID_DEVICE";
  case CUDA_ERROR_INVALID_CONTEXT: return text ? "invalid device context" : "CUDA_ERROR_INVALID_CONTEXT";
  case CUDA_ERROR_INVALID_PTX: return text ? "a PTX JIT compilation failed" : "CUDA_ERROR_INVALID_PTX";
  case CUDA_ERROR_INVALID_HANDLE: return text ? "invalid resource handle" : "CUDA_ERROR_INVALID_HANDLE";
  case CUDA_ERROR_NOT_FOUND: return text ? "named symbol not found" : "CUDA_ERROR_NOT_FOUND";
  case CUDA_ERROR_ILLEGAL_ADDRESS:
    return text ? "an illegal memory access was encountered" : "CUDA_ERROR_ILLEGAL_ADDRESS";
  default: return nullptr;
  }
}

// ".entry NAME" followed by '(', white space or the end of the text.
bool hasEntry(const std::string &text, const std::string &name) {
  std::string key = ".entry " + name;
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    size_t end = at + key.size();
    if (end == text.size() || text[end] == '(' || text[end] == ' ' || text[end] == '\n' || text[end] == '\t')
      return true;
  }
  return false;
}

} // namespace

// ---- the driver ----

MOCK_EXPORT CUresult cuGetErrorName(CUresult r, const char **out) {
  *out = errorName(r, false);
  return *out ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

MOCK_EXPORT CUresult cuGetErrorString(CUresult r, const char **out) {
  *out = errorName(r, true);
  return *out ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}

MOCK_EXPORT CUresult cuInit(unsigned flags) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (flags) return CUDA_ERROR_INVALID_VALUE;
  if (const char *e = std::getenv("MOCK_CUDA_NO_DEVICE"); e && std::strcmp(e, "1") == 0) return CUDA_ERROR_NO_DEVICE;
  m.initialized = true;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDriverGetVersion(int *v) {
  *v = 13000;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDeviceGetCount(int *n) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (!m.initialized) return CUDA_ERROR_NOT_INITIALIZED;
  *n = 1;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDeviceGet(CUdevice *d, int ordinal) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (!m.initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
  *d = 0;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDeviceGetName(char *name, int len, CUdevice d) {
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  std::strncpy(name, "parjit mock GPU", static_cast<size_t>(len));
  if (len > 0) name[len - 1] = 0;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDeviceGetAttribute(int *v, int attribute, CUdevice d) {
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  switch (attribute) {
  case 75: *v = 9; return CUDA_SUCCESS; // compute capability 9.0
  case 76: *v = 0; return CUDA_SUCCESS;
  case kAttributeSharedOptIn: *v = kSharedOptIn; return CUDA_SUCCESS;
  default: return CUDA_ERROR_INVALID_VALUE;
  }
}

MOCK_EXPORT CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice d) {
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  Mock &m = mock();
  Lock lock(m.mutex);
  *bytes = static_cast<size_t>(m.totalMemory ? m.totalMemory : kDefaultTotalMemory);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDevicePrimaryCtxRetain(void **ctx, CUdevice d) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (!m.initialized) return CUDA_ERROR_NOT_INITIALIZED;
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  ++m.primary.refs;
  *ctx = &m.primary;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (d != 0 || m.primary.refs == 0) return CUDA_ERROR_INVALID_CONTEXT;
  --m.primary.refs;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuCtxGetCurrent(void **ctx) {
  *ctx = current;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuCtxSetCurrent(void *ctx) {
  Mock &m = mock();
  if (ctx && ctx != &m.primary) return CUDA_ERROR_INVALID_CONTEXT;
  current = static_cast<Context *>(ctx);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuCtxSynchronize() {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = injected(m, "cuCtxSynchronize")) return r;
  if (CUresult r = contextCheck(m)) return r;
  flushAll(m);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuModuleLoadDataEx(void **module, const void *image, unsigned n, int *options, void **values) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  char *log = nullptr;
  size_t logSize = 0;
  for (unsigned i = 0; i < n; ++i) {
    if (options[i] == 5) log = static_cast<char *>(values[i]);
    if (options[i] == 6) logSize = reinterpret_cast<uintptr_t>(values[i]);
  }
  std::string text = static_cast<const char *>(image);
  if (text.find(".entry") == std::string::npos) {
    if (log && logSize) {
      std::strncpy(log, "ptxas application ptx input, line 1; error   : no .entry in the module", logSize);
      log[logSize - 1] = 0;
    }
    return CUDA_ERROR_INVALID_PTX;
  }
  auto *mod = new Module;
  mod->text = std::move(text);
  if (mod->text.find("__pj_cuda_error") != std::string::npos) {
    mod->errorGlobal = std::calloc(1, kErrorRecordBytes);
    m.globals[reinterpret_cast<uintptr_t>(mod->errorGlobal)] = kErrorRecordBytes;
  }
  ++m.stats.module_loads;
  *module = mod;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuModuleUnload(void *module) {
  Mock &m = mock();
  Lock lock(m.mutex);
  auto *mod = static_cast<Module *>(module);
  if (!mod) return CUDA_ERROR_INVALID_HANDLE;
  if (mod->errorGlobal) {
    m.globals.erase(reinterpret_cast<uintptr_t>(mod->errorGlobal));
    std::free(mod->errorGlobal);
  }
  delete mod;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuModuleGetFunction(void **f, void *module, const char *name) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  auto *mod = static_cast<Module *>(module);
  if (!hasEntry(mod->text, name)) return CUDA_ERROR_NOT_FOUND;
  mod->functions.push_back(std::make_unique<Function>(Function{mod, name}));
  if (auto it = m.staticShared.find(name); it != m.staticShared.end()) mod->functions.back()->staticShared = it->second;
  mod->functions.back()->maxDynamicShared = kDefaultShared - mod->functions.back()->staticShared;
  *f = mod->functions.back().get();
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuModuleGetGlobal_v2(CUdeviceptr *dptr, size_t *bytes, void *module, const char *name) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  auto *mod = static_cast<Module *>(module);
  if (std::strcmp(name, "__pj_cuda_error") != 0 || !mod->errorGlobal) return CUDA_ERROR_NOT_FOUND;
  *dptr = reinterpret_cast<uintptr_t>(mod->errorGlobal);
  *bytes = kErrorRecordBytes;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuFuncSetAttribute(void *f, int attribute, int value) {
  Mock &m = mock();
  Lock lock(m.mutex);
  ++m.stats.func_set_attribute_calls;
  if (CUresult r = injected(m, "cuFuncSetAttribute")) return r;
  if (CUresult r = contextCheck(m)) return r;
  if (!f) return CUDA_ERROR_INVALID_HANDLE;
  auto *func = static_cast<Function *>(f);
  if (attribute != kAttributeMaxDynamicShared || value < 0 || value + func->staticShared > kSharedOptIn)
    return CUDA_ERROR_INVALID_VALUE;
  func->maxDynamicShared = value;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuFuncGetAttribute(int *value, int attribute, void *f) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = injected(m, "cuFuncGetAttribute")) return r;
  if (CUresult r = contextCheck(m)) return r;
  if (!f || !value) return CUDA_ERROR_INVALID_VALUE;
  auto *func = static_cast<Function *>(f);
  if (attribute == kAttributeStaticShared) *value = func->staticShared;
  else if (attribute == kAttributeMaxDynamicShared) *value = func->maxDynamicShared;
  else return CUDA_ERROR_INVALID_VALUE;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by,
                                    unsigned bz, unsigned shared, void *stream, void **params, void **extra) {
  Mock &m = mock();
  mock_cuda_kernel_fn fn = nullptr;
  unsigned grid[3] = {gx, gy, gz}, block[3] = {bx, by, bz};
  {
    Lock lock(m.mutex);
    if (CUresult r = injected(m, "cuLaunchKernel")) return r;
    if (CUresult r = contextCheck(m)) return r;
    if (!f || extra) return CUDA_ERROR_INVALID_VALUE;
    if (bx * by * bz > 1024 || !gx || !gy || !gz || !bx || !by || !bz) return CUDA_ERROR_INVALID_VALUE;
    auto *func = static_cast<Function *>(f);
    if (shared > static_cast<unsigned>(func->maxDynamicShared)) return CUDA_ERROR_INVALID_VALUE;
    if (stream) static_cast<Stream *>(stream)->runAll();
    ++m.stats.launches;
    std::strncpy(m.last.name, func->name.c_str(), sizeof m.last.name - 1);
    std::memcpy(m.last.grid, grid, sizeof grid);
    std::memcpy(m.last.block, block, sizeof block);
    m.last.shared = shared;
    if (m.errorPending && func->module->errorGlobal) {
      std::memcpy(func->module->errorGlobal, m.errorRecord, kErrorRecordBytes);
      m.errorPending = false;
    }
    if (auto it = m.kernels.find(func->name); it != m.kernels.end()) fn = it->second;
  }
  if (fn) fn(params, grid, block);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t n) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  if (n == 0) return CUDA_ERROR_INVALID_VALUE;
  if (m.memoryLimit && m.stats.live_device_bytes + static_cast<int64_t>(n) > m.memoryLimit)
    return CUDA_ERROR_OUT_OF_MEMORY;
  void *mem = std::aligned_alloc(256, (n + 255) / 256 * 256);
  if (!mem) return CUDA_ERROR_OUT_OF_MEMORY;
  std::memset(mem, 0xAB, n); // fresh device memory is not zero
  m.device[reinterpret_cast<uintptr_t>(mem)] = n;
  ++m.stats.allocs;
  m.stats.live_device_bytes += static_cast<int64_t>(n);
  *p = reinterpret_cast<uintptr_t>(mem);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuMemFree_v2(CUdeviceptr p) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  auto it = m.device.find(static_cast<uintptr_t>(p));
  if (it == m.device.end()) return CUDA_ERROR_INVALID_VALUE;
  flushAll(m);
  ++m.stats.frees;
  m.stats.live_device_bytes -= static_cast<int64_t>(it->second);
  std::free(reinterpret_cast<void *>(it->first));
  m.device.erase(it);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t n) {
  return copy("cuMemcpyHtoD", reinterpret_cast<void *>(dst), src, n, dst, true, nullptr);
}

MOCK_EXPORT CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t n) {
  return copy("cuMemcpyDtoH", dst, reinterpret_cast<const void *>(src), n, src, false, nullptr);
}

MOCK_EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t n, void *stream) {
  if (!stream) return CUDA_ERROR_INVALID_HANDLE; // the runtime copies on its own stream
  return copy("cuMemcpyHtoDAsync", reinterpret_cast<void *>(dst), src, n, dst, true, static_cast<Stream *>(stream));
}

MOCK_EXPORT CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t n, void *stream) {
  if (!stream) return CUDA_ERROR_INVALID_HANDLE;
  return copy("cuMemcpyDtoHAsync", dst, reinterpret_cast<const void *>(src), n, src, false,
              static_cast<Stream *>(stream));
}

MOCK_EXPORT CUresult cuMemAllocHost_v2(void **p, size_t n) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  if (m.failPinned) return CUDA_ERROR_OUT_OF_MEMORY;
  *p = std::aligned_alloc(4096, (n + 4095) / 4096 * 4096);
  if (!*p) return CUDA_ERROR_OUT_OF_MEMORY;
  m.pinned[reinterpret_cast<uintptr_t>(*p)] = n;
  ++m.stats.pinned_allocs;
  m.stats.live_pinned_bytes += static_cast<int64_t>(n);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuMemFreeHost(void *p) {
  Mock &m = mock();
  Lock lock(m.mutex);
  auto it = m.pinned.find(reinterpret_cast<uintptr_t>(p));
  if (it == m.pinned.end()) return CUDA_ERROR_INVALID_VALUE;
  flushAll(m);
  m.stats.live_pinned_bytes -= static_cast<int64_t>(it->second);
  m.pinned.erase(it);
  std::free(p);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuStreamCreate(void **stream, unsigned) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (CUresult r = contextCheck(m)) return r;
  auto *s = new Stream;
  m.streams.push_back(s);
  *stream = s;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuStreamDestroy_v2(void *stream) {
  Mock &m = mock();
  Lock lock(m.mutex);
  auto *s = static_cast<Stream *>(stream);
  for (size_t i = 0; i < m.streams.size(); ++i)
    if (m.streams[i] == s) {
      s->runAll();
      m.streams.erase(m.streams.begin() + static_cast<std::ptrdiff_t>(i));
      delete s;
      return CUDA_SUCCESS;
    }
  return CUDA_ERROR_INVALID_HANDLE;
}

MOCK_EXPORT CUresult cuStreamSynchronize(void *stream) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (!stream) return CUDA_ERROR_INVALID_HANDLE;
  static_cast<Stream *>(stream)->runAll();
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuEventCreate(void **event, unsigned) {
  *event = new Event;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuEventRecord(void *event, void *stream) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (!event || !stream) return CUDA_ERROR_INVALID_HANDLE;
  auto *e = static_cast<Event *>(event);
  e->stream = static_cast<Stream *>(stream);
  e->seq = e->stream->next;
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuEventSynchronize(void *event) {
  Mock &m = mock();
  Lock lock(m.mutex);
  auto *e = static_cast<Event *>(event);
  if (!e) return CUDA_ERROR_INVALID_HANDLE;
  if (e->stream) e->stream->runUntil(e->seq);
  return CUDA_SUCCESS;
}

MOCK_EXPORT CUresult cuEventDestroy_v2(void *event) {
  delete static_cast<Event *>(event);
  return CUDA_SUCCESS;
}

// ---- control ----

MOCK_EXPORT mock_cuda_stats mock_cuda_get_stats(void) {
  Mock &m = mock();
  Lock lock(m.mutex);
  return m.stats;
}

MOCK_EXPORT void mock_cuda_reset(void) {
  Mock &m = mock();
  Lock lock(m.mutex);
  mock_cuda_stats live{};
  live.live_device_bytes = m.stats.live_device_bytes;
  live.live_pinned_bytes = m.stats.live_pinned_bytes;
  m.stats = live;
  m.kernels.clear();
  m.staticShared.clear();
  m.failNext.clear();
  m.errorPending = false;
  m.memoryLimit = 0;
  m.totalMemory = 0;
  m.failPinned = false;
  m.last = mock_cuda_launch{};
}

MOCK_EXPORT void mock_cuda_set_kernel(const char *name, mock_cuda_kernel_fn fn) {
  Mock &m = mock();
  Lock lock(m.mutex);
  if (fn) m.kernels[name] = fn;
  else m.kernels.erase(name);
}

MOCK_EXPORT void mock_cuda_set_static_shared(const char *name, int bytes) {
  Mock &m = mock();
  Lock lock(m.mutex);
  m.staticShared[name] = bytes;
}

MOCK_EXPORT void mock_cuda_set_error(const void *record) {
  Mock &m = mock();
  Lock lock(m.mutex);
  std::memcpy(m.errorRecord, record, kErrorRecordBytes);
  m.errorPending = true;
}

MOCK_EXPORT void mock_cuda_set_memory_limit(int64_t bytes) {
  Mock &m = mock();
  Lock lock(m.mutex);
  m.memoryLimit = bytes;
}

MOCK_EXPORT void mock_cuda_set_total_memory(int64_t bytes) {
  Mock &m = mock();
  Lock lock(m.mutex);
  m.totalMemory = bytes;
}

MOCK_EXPORT void mock_cuda_fail_pinned(int fail) {
  Mock &m = mock();
  Lock lock(m.mutex);
  m.failPinned = fail != 0;
}

MOCK_EXPORT void mock_cuda_fail_next(const char *call, int result) {
  Mock &m = mock();
  Lock lock(m.mutex);
  m.failNext[call] = result;
}

MOCK_EXPORT mock_cuda_launch mock_cuda_last_launch(void) {
  Mock &m = mock();
  Lock lock(m.mutex);
  return m.last;
}

// MOCK_CUDA_STATS=FILE: the counters, written to FILE when the process
// exits, for tests that run a whole program (`parjit run`) on the mock;
// last_shared_bytes is the last launch's sharedMemBytes.
namespace {
void writeStatsAtExit() {
  const char *path = std::getenv("MOCK_CUDA_STATS");
  if (!path || !*path) return;
  mock_cuda_stats s = mock_cuda_get_stats();
  if (FILE *f = std::fopen(path, "w")) {
    std::fprintf(f, "launches=%lld\nhtod_calls=%lld\nhtod_bytes=%lld\ndtoh_calls=%lld\ndtoh_bytes=%lld\n"
                    "allocs=%lld\nfrees=%lld\nlive_device_bytes=%lld\nmodule_loads=%lld\n"
                    "func_set_attribute_calls=%lld\nlast_shared_bytes=%u\n",
                 (long long)s.launches, (long long)s.htod_calls, (long long)s.htod_bytes, (long long)s.dtoh_calls,
                 (long long)s.dtoh_bytes, (long long)s.allocs, (long long)s.frees, (long long)s.live_device_bytes,
                 (long long)s.module_loads, (long long)s.func_set_attribute_calls, mock_cuda_last_launch().shared);
    std::fclose(f);
  }
}
struct StatsAtExit {
  StatsAtExit() {
    if (std::getenv("MOCK_CUDA_STATS")) std::atexit(writeStatsAtExit);
  }
} statsAtExit;
} // namespace
