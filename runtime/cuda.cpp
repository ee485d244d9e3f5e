// Kernels on a CUDA device (the ABI's "CUDA" section): PTX modules loaded
// once, arrays copied between host and device only when the side about to
// use them has a stale copy, errors that device code records raised as the
// Python exceptions they stand for.
//
// Every block (pj_meminfo) that has been on the device has one device copy
// of the whole block and a state: the host copy newer, the device copy
// newer, or both equal. A launch uploads what is host-newer; a kernel that
// may write an array leaves it device-newer; pj_cuda_to_host copies a
// device-newer block back; pj_cuda_host_wrote makes it host-newer. Arrays
// that borrow host memory (no meminfo) get a device buffer for the launch
// only. One lock serializes launches and transfers: a launch waits for its
// kernel anyway, and the copies share two pinned staging buffers.
//
// Device memory comes from a pool (a caching allocator, as CuPy's): every
// request is rounded up (to 512 bytes below 1 MiB, to 2 MiB multiples
// above), and a block the runtime lets go of (its host block freed, a
// launch's borrowed-array buffer, an evicted copy) waits in the pool for
// the next request of the same rounded size instead of going to cuMemFree,
// which synchronizes the device. The pool keeps at most min(1 GiB, a
// quarter of the device's memory), its oldest blocks freed first; when
// cuMemAlloc runs out of memory, the pool is emptied before any device copy
// is dropped.
//
// Dynamic shared memory: a launch asking for more than 48 KiB opts its
// kernel in (CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, set once per
// kernel for the largest size asked so far), up to the device's
// MAX_SHARED_MEMORY_PER_BLOCK_OPTIN.
#include "CudaDriver.h"
#include "Memory.h"
#include "Runtime.h"
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace parjit::rt {

std::atomic<bool> cudaHasDeviceCopies{false};

namespace {
using namespace cuda;

// Transfers go through two pinned buffers of this size: the host copies
// one chunk into a buffer while the DMA engine moves the previous one.
constexpr size_t kStageBytes = size_t(16) << 20;

// Dynamic shared memory a kernel may use without opting in to more.
constexpr int64_t kDefaultSharedBytes = 48 << 10;

// The pool's rounding: 512 bytes below 1 MiB, 2 MiB at or above; and its
// largest size (also at most a quarter of the device's memory).
constexpr size_t kSmallRounding = 512, kLargeRounding = size_t(2) << 20, kLargeBlock = size_t(1) << 20;
constexpr size_t kPoolMaxBytes = size_t(1) << 30;

enum class Newer { Host, Device, Both };

struct DeviceCopy {
  CUdeviceptr dev = 0; // roundedSize(size) bytes, from the pool
  size_t size = 0;     // the host block's
  Newer state = Newer::Host;
};

struct Function {
  CUfunction handle = nullptr;
  int64_t sharedOptIn = 0;   // the largest MAX_DYNAMIC_SHARED_SIZE_BYTES set (0: none)
  int64_t staticShared = -1; // its static __shared__ bytes (-1: not asked yet)
};

struct Module {
  const char *ptx = nullptr; // the text it was loaded from
  CUmodule handle = nullptr;
  CUdeviceptr errorRecord = 0; // __pj_cuda_error, 0 when the module has none
  std::unordered_map<std::string, Function> functions;
};

/// Device blocks kept for reuse, by rounded size; the oldest leave first.
struct Pool {
  struct Cached {
    CUdeviceptr dev;
    size_t bytes;
  };
  std::map<uint64_t, Cached> byAge;         // release number -> block
  std::multimap<size_t, uint64_t> bySize;   // rounded size -> release number
  uint64_t released = 0;
  size_t bytes = 0;
};

struct State {
  std::mutex mutex; // guards everything below
  bool loaded = false; // loadDevice has run; dev.ready says whether it worked
  Device dev;
  bool contextTried = false;
  CUcontext context = nullptr; // the device's primary context, retained
  std::string contextReason;   // why there is none
  CUstream stream = nullptr;
  void *staging[2] = {};    // pinned, kStageBytes each; null: plain synchronous copies
  CUevent staged[2] = {};   // the last DMA from or into each staging buffer
  std::unordered_map<const pj_cuda_module *, Module> modules;
  std::unordered_map<pj_meminfo *, DeviceCopy> copies;
  Pool pool;
  int sharedOptInMax = -1; // the device's MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, once asked
};

// Never destroyed: blocks freed by static destructors after main still
// come here, and the driver reclaims device memory at exit.
State &state() {
  static State *s = new State;
  return *s;
}

const Device &device(State &s) {
  if (!s.loaded) {
    loadDevice(s.dev);
    s.loaded = true;
  }
  return s.dev;
}

bool raise(int kind, const std::string &msg) {
  pj_raise(kind, msg.c_str());
  return false;
}

bool raiseDriver(const State &s, const std::string &call, CUresult r) {
  return raise(PJ_EXC_RUNTIME, call + " failed: " + errorText(s.dev.d, r));
}

void closeStaging(State &s) {
  const Driver &d = s.dev.d;
  for (int b = 0; b < 2; ++b) {
    if (s.staging[b]) d.cuMemFreeHost(s.staging[b]);
    if (s.staged[b]) d.cuEventDestroy(s.staged[b]);
    s.staging[b] = nullptr;
    s.staged[b] = nullptr;
  }
}

// Pinned buffers are an optimization: without them (pinned memory is
// limited), copies are plain synchronous cuMemcpy calls.
void openStaging(State &s) {
  const Driver &d = s.dev.d;
  for (int b = 0; b < 2; ++b) {
    void *buffer = nullptr;
    CUevent event = nullptr;
    if (d.cuMemAllocHost(&buffer, kStageBytes)) return closeStaging(s);
    s.staging[b] = buffer;
    if (d.cuEventCreate(&event, CU_EVENT_DISABLE_TIMING)) return closeStaging(s);
    s.staged[b] = event;
  }
}

void openContext(State &s) {
  const Driver &d = s.dev.d;
  s.contextTried = true;
  CUresult r = d.cuDevicePrimaryCtxRetain(&s.context, s.dev.device);
  if (r) {
    s.context = nullptr;
    s.contextReason = "cuDevicePrimaryCtxRetain failed: " + errorText(d, r);
    return;
  }
  const char *call = "cuCtxSetCurrent";
  r = d.cuCtxSetCurrent(s.context);
  if (!r) {
    call = "cuStreamCreate";
    r = d.cuStreamCreate(&s.stream, CU_STREAM_NON_BLOCKING);
  }
  if (r) {
    s.contextReason = std::string(call) + " failed: " + errorText(d, r);
    s.stream = nullptr;
    d.cuDevicePrimaryCtxRelease(s.dev.device);
    s.context = nullptr;
    return;
  }
  openStaging(s);
}

/// The context current on this thread (it exists).
bool makeCurrent(State &s) {
  const Driver &d = s.dev.d;
  CUcontext current = nullptr;
  if (d.cuCtxGetCurrent(&current) == CUDA_SUCCESS && current == s.context) return true;
  if (CUresult r = d.cuCtxSetCurrent(s.context)) return raiseDriver(s, "cuCtxSetCurrent", r);
  return true;
}

/// The device ready for work on this thread, or RuntimeError "no CUDA device: ...".
bool ready(State &s) {
  const Device &dev = device(s);
  if (!dev.ready) return raise(PJ_EXC_RUNTIME, "no CUDA device: " + dev.reason);
  if (!s.contextTried) openContext(s);
  if (!s.context) return raise(PJ_EXC_RUNTIME, "no CUDA device: " + s.contextReason);
  return makeCurrent(s);
}

/// After a failed step of a staged transfer: let the DMA still queued
/// finish (it reads or writes the staging buffers), then raise.
bool abandon(State &s, const char *call, CUresult r) {
  s.dev.d.cuStreamSynchronize(s.stream);
  return raiseDriver(s, call, r);
}

bool upload(State &s, CUdeviceptr dst, const char *src, size_t n) {
  const Driver &d = s.dev.d;
  if (n == 0) return true;
  if (!s.staging[0]) {
    CUresult r = d.cuMemcpyHtoD(dst, src, n);
    return r ? raiseDriver(s, "cuMemcpyHtoD", r) : true;
  }
  size_t chunks = (n + kStageBytes - 1) / kStageBytes;
  for (size_t i = 0; i < chunks; ++i) {
    int b = static_cast<int>(i & 1);
    size_t off = i * kStageBytes, len = std::min(kStageBytes, n - off);
    if (i >= 2)
      if (CUresult r = d.cuEventSynchronize(s.staged[b])) return abandon(s, "cuEventSynchronize", r);
    std::memcpy(s.staging[b], src + off, len);
    if (CUresult r = d.cuMemcpyHtoDAsync(dst + off, s.staging[b], len, s.stream))
      return abandon(s, "cuMemcpyHtoDAsync", r);
    if (CUresult r = d.cuEventRecord(s.staged[b], s.stream)) return abandon(s, "cuEventRecord", r);
  }
  if (CUresult r = d.cuStreamSynchronize(s.stream)) return raiseDriver(s, "cuStreamSynchronize", r);
  return true;
}

bool download(State &s, char *dst, CUdeviceptr src, size_t n) {
  const Driver &d = s.dev.d;
  if (n == 0) return true;
  if (!s.staging[0]) {
    CUresult r = d.cuMemcpyDtoH(dst, src, n);
    return r ? raiseDriver(s, "cuMemcpyDtoH", r) : true;
  }
  size_t chunks = (n + kStageBytes - 1) / kStageBytes;
  // Chunk i is queued before chunk i - 1 is copied out of its buffer.
  for (size_t i = 0; i <= chunks; ++i) {
    if (i < chunks) {
      int b = static_cast<int>(i & 1);
      size_t off = i * kStageBytes, len = std::min(kStageBytes, n - off);
      if (CUresult r = d.cuMemcpyDtoHAsync(s.staging[b], src + off, len, s.stream))
        return abandon(s, "cuMemcpyDtoHAsync", r);
      if (CUresult r = d.cuEventRecord(s.staged[b], s.stream)) return abandon(s, "cuEventRecord", r);
    }
    if (i > 0) {
      int b = static_cast<int>((i - 1) & 1);
      size_t off = (i - 1) * kStageBytes, len = std::min(kStageBytes, n - off);
      if (CUresult r = d.cuEventSynchronize(s.staged[b])) return abandon(s, "cuEventSynchronize", r);
      std::memcpy(dst + off, s.staging[b], len);
    }
  }
  return true;
}

/// The size the pool allocates for a request of n bytes.
size_t roundedSize(size_t n) {
  size_t unit = n < kLargeBlock ? kSmallRounding : kLargeRounding;
  return n == 0 ? unit : (n + unit - 1) / unit * unit;
}

size_t poolLimit(const State &s) {
  size_t quarter = s.dev.totalMemory > 0 ? static_cast<size_t>(s.dev.totalMemory) / 4 : kPoolMaxBytes;
  return std::min(kPoolMaxBytes, quarter);
}

/// A cached block of exactly `bytes` (rounded) bytes, the most recently released.
bool takeCached(State &s, size_t bytes, CUdeviceptr &out) {
  Pool &p = s.pool;
  auto [first, last] = p.bySize.equal_range(bytes);
  if (first == last) return false;
  auto it = std::prev(last);
  auto aged = p.byAge.find(it->second);
  out = aged->second.dev;
  p.bytes -= bytes;
  p.byAge.erase(aged);
  p.bySize.erase(it);
  return true;
}

void freeOldestCached(State &s) {
  Pool &p = s.pool;
  auto aged = p.byAge.begin();
  auto [first, last] = p.bySize.equal_range(aged->second.bytes);
  for (auto it = first; it != last; ++it)
    if (it->second == aged->first) {
      p.bySize.erase(it);
      break;
    }
  // Nothing to report to: a failure here only leaks device memory.
  s.dev.d.cuMemFree(aged->second.dev);
  p.bytes -= aged->second.bytes;
  p.byAge.erase(aged);
}

/// cuMemFree for every cached block.
void freeCache(State &s) {
  while (!s.pool.byAge.empty()) freeOldestCached(s);
}

/// A block of roundedSize bytes the runtime no longer uses: into the pool,
/// which then frees its oldest blocks while it holds more than its limit.
void release(State &s, CUdeviceptr dev, size_t bytes) {
  Pool &p = s.pool;
  size_t limit = poolLimit(s);
  if (bytes > limit) {
    s.dev.d.cuMemFree(dev);
    return;
  }
  uint64_t n = p.released++;
  p.byAge.emplace(n, Pool::Cached{dev, bytes});
  p.bySize.emplace(bytes, n);
  p.bytes += bytes;
  while (p.bytes > limit) freeOldestCached(s);
}

bool isKept(const std::vector<pj_meminfo *> &keep, pj_meminfo *m) {
  return std::find(keep.begin(), keep.end(), m) != keep.end();
}

/// Drops the device copies not in `keep` whose contents the host has too
/// (or, withDeviceNewer, all of them, copying the newer ones back first):
/// their blocks go to the pool.
bool evict(State &s, const std::vector<pj_meminfo *> &keep, bool withDeviceNewer) {
  for (auto it = s.copies.begin(); it != s.copies.end();) {
    DeviceCopy &c = it->second;
    if (isKept(keep, it->first) || (c.state == Newer::Device && !withDeviceNewer)) {
      ++it;
      continue;
    }
    if (c.state == Newer::Device && !download(s, static_cast<char *>(it->first->base), c.dev, c.size)) return false;
    release(s, c.dev, roundedSize(c.size));
    it = s.copies.erase(it);
  }
  return true;
}

/// A device block of roundedSize(n) bytes: from the pool, else cuMemAlloc.
/// When the device is full: the pool's blocks are freed, then the device
/// copies of blocks that this launch does not use are dropped (host-newer
/// and equal ones, then device-newer ones, copied back), retrying after each.
bool allocate(State &s, size_t n, CUdeviceptr &out, const std::vector<pj_meminfo *> &keep) {
  const Driver &d = s.dev.d;
  size_t bytes = roundedSize(n);
  if (takeCached(s, bytes, out)) return true;
  CUresult r = d.cuMemAlloc(&out, bytes);
  for (int round = 0; r == CUDA_ERROR_OUT_OF_MEMORY && round < 3; ++round) {
    if (round > 0) {
      if (!evict(s, keep, round == 2)) return false;
      if (takeCached(s, bytes, out)) return true; // a dropped copy's block fits
    } else if (s.pool.byAge.empty()) {
      continue;
    }
    freeCache(s);
    r = d.cuMemAlloc(&out, bytes);
  }
  if (r == CUDA_ERROR_OUT_OF_MEMORY)
    return raise(PJ_EXC_MEMORY, "out of GPU memory allocating " + std::to_string(n) + " bytes");
  return r ? raiseDriver(s, "cuMemAlloc", r) : true;
}

/// m's device copy, allocated and brought up to date.
DeviceCopy *onDevice(State &s, pj_meminfo *m, const std::vector<pj_meminfo *> &keep, bool writeOnly = false) {
  auto it = s.copies.find(m);
  if (it == s.copies.end()) {
    DeviceCopy c;
    c.size = m->size;
    if (!allocate(s, c.size, c.dev, keep)) return nullptr;
    it = s.copies.emplace(m, c).first;
    cudaHasDeviceCopies.store(true, std::memory_order_release);
  }
  DeviceCopy &c = it->second;
  if (c.state == Newer::Host) {
    if (!writeOnly && !upload(s, c.dev, static_cast<const char *>(m->base), c.size)) return nullptr;
    c.state = Newer::Both;
  }
  return &c;
}

bool toHost(State &s, pj_meminfo *m) {
  auto it = s.copies.find(m);
  if (it == s.copies.end() || it->second.state != Newer::Device) return true;
  if (!makeCurrent(s) || !download(s, static_cast<char *>(m->base), it->second.dev, it->second.size)) return false;
  it->second.state = Newer::Both;
  return true;
}

Module *loadModule(State &s, const pj_cuda_module *pm) {
  const Driver &d = s.dev.d;
  auto it = s.modules.find(pm);
  if (it != s.modules.end() && it->second.ptx == pm->ptx) return &it->second;
  if (it != s.modules.end()) { // a new module at the address of one that is gone
    d.cuModuleUnload(it->second.handle);
    s.modules.erase(it);
  }
  Module m;
  m.ptx = pm->ptx;
  char log[16384] = "";
  CUjit_option options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {log, reinterpret_cast<void *>(uintptr_t(sizeof log))};
  if (CUresult r = d.cuModuleLoadDataEx(&m.handle, pm->ptx, 2, options, values)) {
    log[sizeof log - 1] = 0;
    std::string text = log;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    raise(PJ_EXC_RUNTIME,
          "cuModuleLoadDataEx failed: " + errorText(d, r) + (text.empty() ? "" : ":\n" + text));
    return nullptr;
  }
  size_t size = 0;
  CUresult r = d.cuModuleGetGlobal(&m.errorRecord, &size, m.handle, "__pj_cuda_error");
  if (r == CUDA_ERROR_NOT_FOUND) {
    m.errorRecord = 0;
  } else if (r) {
    d.cuModuleUnload(m.handle);
    raiseDriver(s, "cuModuleGetGlobal(__pj_cuda_error)", r);
    return nullptr;
  } else if (size != sizeof(pj_cuda_error_record)) {
    d.cuModuleUnload(m.handle);
    raise(PJ_EXC_RUNTIME, "internal error: __pj_cuda_error has " + std::to_string(size) + " bytes, not " +
                              std::to_string(sizeof(pj_cuda_error_record)));
    return nullptr;
  }
  return &s.modules.emplace(pm, std::move(m)).first->second;
}

Function *function(State &s, Module &m, const char *name) {
  auto it = m.functions.find(name);
  if (it != m.functions.end()) return &it->second;
  Function f;
  if (CUresult r = s.dev.d.cuModuleGetFunction(&f.handle, m.handle, name)) {
    raiseDriver(s, std::string("cuModuleGetFunction(") + name + ")", r);
    return nullptr;
  }
  return &m.functions.emplace(name, f).first->second;
}

/// A launch with `bytes` of dynamic shared memory: when they and the
/// kernel's static shared arrays need more than the 48 KiB every kernel may
/// use, the kernel opts in (once per kernel and size), up to the device's limit.
bool sharedMemory(State &s, Function &f, const char *name, int64_t bytes) {
  if (bytes == 0 || bytes <= f.sharedOptIn) return true;
  const Driver &d = s.dev.d;
  if (f.staticShared < 0) {
    int v = 0;
    if (CUresult r = d.cuFuncGetAttribute(&v, CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES, f.handle))
      return raiseDriver(s, std::string("cuFuncGetAttribute(") + name + ", SHARED_SIZE_BYTES)", r);
    f.staticShared = v;
  }
  if (f.staticShared + bytes <= kDefaultSharedBytes) return true;
  if (s.sharedOptInMax < 0) {
    int most = 0;
    if (CUresult r = d.cuDeviceGetAttribute(&most, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN, s.dev.device))
      return raiseDriver(s, "cuDeviceGetAttribute(MAX_SHARED_MEMORY_PER_BLOCK_OPTIN)", r);
    s.sharedOptInMax = most;
  }
  if (f.staticShared + bytes > s.sharedOptInMax)
    return raise(PJ_EXC_VALUE, "too much dynamic shared memory: " + std::to_string(bytes) + " bytes" +
                                   (f.staticShared ? " beside " + std::to_string(f.staticShared) +
                                                         " bytes of static shared arrays"
                                                   : std::string()) +
                                   ", the device allows at most " + std::to_string(s.sharedOptInMax) + " per block");
  if (CUresult r = d.cuFuncSetAttribute(f.handle, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                        static_cast<int>(bytes)))
    return raiseDriver(s, std::string("cuFuncSetAttribute(") + name + ", MAX_DYNAMIC_SHARED_SIZE_BYTES)", r);
  f.sharedOptIn = bytes;
  return true;
}

std::string dims(const int64_t *v) {
  return "(" + std::to_string(v[0]) + ", " + std::to_string(v[1]) + ", " + std::to_string(v[2]) + ")";
}

/// The limits of every CUDA device since compute capability 3.0.
bool validDims(const int64_t *grid, const int64_t *block) {
  const char axis[] = "xyz";
  for (int k = 0; k < 3; ++k)
    if (block[k] <= 0) return raise(PJ_EXC_VALUE, "block dimensions must be positive, got " + dims(block));
  for (int k = 0; k < 3; ++k)
    if (grid[k] <= 0) return raise(PJ_EXC_VALUE, "grid dimensions must be positive, got " + dims(grid));
  const int64_t blockMax[] = {1024, 1024, 64}, gridMax[] = {2147483647, 65535, 65535};
  for (int k = 0; k < 3; ++k) {
    if (block[k] > blockMax[k])
      return raise(PJ_EXC_VALUE, std::string("block dimension ") + axis[k] + " must be at most " +
                                     std::to_string(blockMax[k]) + ", got " + std::to_string(block[k]));
    if (grid[k] > gridMax[k])
      return raise(PJ_EXC_VALUE, std::string("grid dimension ") + axis[k] + " must be at most " +
                                     std::to_string(gridMax[k]) + ", got " + std::to_string(grid[k]));
  }
  int64_t threads = block[0] * block[1] * block[2];
  if (threads > 1024)
    return raise(PJ_EXC_VALUE, "too many threads per block: block " + dims(block) + " has " +
                                   std::to_string(threads) + ", at most 1024");
  return true;
}

/// An array argument as the host passes it: {meminfo, data, shape, strides}.
struct HostArray {
  pj_meminfo *meminfo;
  char *data;
  const int64_t *shape, *strides;
};

HostArray hostArray(const pj_cuda_arg &a) {
  const char *p = static_cast<const char *>(a.value);
  HostArray h;
  std::memcpy(&h.meminfo, p, sizeof h.meminfo);
  std::memcpy(&h.data, p + sizeof(void *), sizeof h.data);
  h.shape = reinterpret_cast<const int64_t *>(p + 2 * sizeof(void *));
  h.strides = h.shape + a.ndim;
  return h;
}

/// A device buffer holding a borrowed array's bytes for one launch.
struct Borrowed {
  CUdeviceptr dev = 0;
  char *host = nullptr; // the lowest byte the array spans
  size_t bytes = 0;
  bool writes = false;
};

/// Device buffers of one launch, back to the pool when it ends however it ends.
struct BorrowedBuffers {
  State &s;
  std::vector<Borrowed> list;
  ~BorrowedBuffers() {
    for (const Borrowed &b : list) release(s, b.dev, roundedSize(b.bytes));
  }
};

std::string deviceMessage(const pj_cuda_module *pm, const pj_cuda_error_record &rec) {
  if (rec.message < 0 || rec.message >= pm->nmessages || !pm->messages || !pm->messages[rec.message])
    return "error " + std::to_string(rec.message) + " in device code";
  std::string text = pm->messages[rec.message], out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '2' && text[i + 2] == '}') {
      out += std::to_string(rec.args[text[i + 1] - '0']);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The first error the kernel recorded, raised with the kernel's frame
/// (the record is cleared for the next launch); true when there was none.
bool checkDeviceError(State &s, const Module &m, const pj_cuda_module *pm, const char *shownName) {
  if (!m.errorRecord) return true;
  const Driver &d = s.dev.d;
  pj_cuda_error_record rec{};
  if (CUresult r = d.cuMemcpyDtoH(&rec, m.errorRecord, sizeof rec)) return raiseDriver(s, "cuMemcpyDtoH", r);
  if (rec.kind == PJ_EXC_NONE) return true;
  pj_cuda_error_record zero{};
  if (CUresult r = d.cuMemcpyHtoD(m.errorRecord, &zero, sizeof zero)) return raiseDriver(s, "cuMemcpyHtoD", r);
  int kind = rec.kind > PJ_EXC_NONE && rec.kind <= PJ_EXC_OS ? rec.kind : PJ_EXC_RUNTIME;
  raise(kind, deviceMessage(pm, rec));
  pj_add_frame(pm->file, rec.line, shownName);
  return false;
}

bool launch(State &s, const pj_cuda_module *pm, const char *name, const char *shownName, const int64_t *grid,
            const int64_t *block, int64_t sharedBytes, int32_t nargs, const pj_cuda_arg *args) {
  if (!validDims(grid, block)) return false;
  if (sharedBytes < 0)
    return raise(PJ_EXC_VALUE, "dynamic shared memory size must be non-negative, got " + std::to_string(sharedBytes));
  if (!ready(s)) return false;
  Module *m = loadModule(s, pm);
  if (!m) return false;
  Function *f = function(s, *m, name);
  if (!f || !sharedMemory(s, *f, name, sharedBytes)) return false;

  size_t n = nargs > 0 ? static_cast<size_t>(nargs) : 0;
  std::vector<pj_meminfo *> keep;
  for (size_t i = 0; i < n; ++i)
    if (args[i].kind == PJ_CUDA_ARG_ARRAY)
      if (pj_meminfo *mi = hostArray(args[i]).meminfo) keep.push_back(mi);

  // The kernel's view of each array: {NULL, device data, shape, strides}.
  std::vector<std::vector<int64_t>> views(n);
  std::vector<void *> params(n);
  BorrowedBuffers borrowed{s, {}};
  for (size_t i = 0; i < n; ++i) {
    const pj_cuda_arg &a = args[i];
    if (a.kind != PJ_CUDA_ARG_ARRAY) {
      params[i] = const_cast<void *>(a.value);
      continue;
    }
    HostArray h = hostArray(a);
    CUdeviceptr data = 0;
    if (h.meminfo) {
      DeviceCopy *c = onDevice(s, h.meminfo, keep, a.writes == PJ_CUDA_ARG_WRITES_ALL);
      if (!c) return false;
      data = c->dev + static_cast<CUdeviceptr>(h.data - static_cast<char *>(h.meminfo->base));
    } else {
      // The bytes the array spans, whatever the signs of its strides.
      if (a.size <= 0) return raise(PJ_EXC_RUNTIME, "internal error: array argument without its element size");
      int64_t lo = 0, hi = a.size;
      bool empty = false;
      for (int32_t k = 0; k < a.ndim; ++k) {
        empty |= h.shape[k] == 0;
        int64_t reach = (h.shape[k] - 1) * h.strides[k];
        (reach < 0 ? lo : hi) += reach;
      }
      if (!empty) {
        Borrowed b;
        b.host = h.data + lo;
        b.bytes = static_cast<size_t>(hi - lo);
        b.writes = a.writes != 0;
        if (!allocate(s, b.bytes, b.dev, keep)) return false;
        borrowed.list.push_back(b);
        if (!upload(s, b.dev, b.host, b.bytes)) return false;
        data = b.dev + static_cast<CUdeviceptr>(-lo);
      }
    }
    std::vector<int64_t> &v = views[i];
    v.assign(2 + 2 * static_cast<size_t>(a.ndim), 0);
    v[1] = static_cast<int64_t>(data);
    std::copy(h.shape, h.shape + 2 * a.ndim, v.begin() + 2);
    params[i] = v.data();
  }

  const Driver &d = s.dev.d;
  auto u = [](int64_t v) { return static_cast<unsigned>(v); };
  if (CUresult r = d.cuLaunchKernel(f->handle, u(grid[0]), u(grid[1]), u(grid[2]), u(block[0]), u(block[1]),
                                    u(block[2]), u(sharedBytes), s.stream, params.empty() ? nullptr : params.data(),
                                    nullptr))
    return raiseDriver(s, std::string("cuLaunchKernel(") + name + ")", r);
  CUresult done = d.cuCtxSynchronize();
  for (size_t i = 0; i < n; ++i)
    if (args[i].kind == PJ_CUDA_ARG_ARRAY && args[i].writes)
      if (auto it = s.copies.find(hostArray(args[i]).meminfo); it != s.copies.end()) it->second.state = Newer::Device;
  if (done) return raiseDriver(s, std::string("cuCtxSynchronize (kernel ") + name + ")", done);
  for (const Borrowed &b : borrowed.list)
    if (b.writes && !download(s, b.host, b.dev, b.bytes)) return false;
  return checkDeviceError(s, *m, pm, shownName ? shownName : name);
}

} // namespace

void cudaForgetBlock(pj_meminfo *m) {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  auto it = s.copies.find(m);
  if (it == s.copies.end()) return;
  // Nothing to report to: a failure here only leaks device memory.
  CUcontext current = nullptr;
  if (s.dev.d.cuCtxGetCurrent(&current) != CUDA_SUCCESS || current != s.context) s.dev.d.cuCtxSetCurrent(s.context);
  release(s, it->second.dev, roundedSize(it->second.size));
  s.copies.erase(it);
}

CudaDeviceInfo cudaDeviceInfo() {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  const Device &dev = device(s);
  CudaDeviceInfo info;
  info.available = dev.ready;
  info.reason = dev.reason;
  info.library = dev.library;
  if (dev.ready) {
    info.name = dev.name;
    info.major = dev.major;
    info.minor = dev.minor;
    info.totalMemory = dev.totalMemory;
    info.driverVersion = dev.driverVersion;
  }
  return info;
}

std::string cudaDescription() {
  CudaDeviceInfo info = cudaDeviceInfo();
  if (!info.available) return "none: " + info.reason;
  char text[512];
  std::snprintf(text, sizeof text, "%s (sm_%d%d, %.1f GiB), driver %d.%d, %s", info.name.c_str(), info.major,
                info.minor, static_cast<double>(info.totalMemory) / (1 << 30), info.driverVersion / 1000,
                info.driverVersion % 1000 / 10, info.library.c_str());
  return text;
}

void cudaResetForTests() {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (s.context) {
    const Driver &d = s.dev.d;
    d.cuCtxSetCurrent(s.context);
    d.cuCtxSynchronize();
    for (auto &[m, c] : s.copies) d.cuMemFree(c.dev);
    freeCache(s);
    for (auto &[pm, mod] : s.modules) d.cuModuleUnload(mod.handle);
    closeStaging(s);
    d.cuStreamDestroy(s.stream);
    d.cuCtxSetCurrent(nullptr);
    d.cuDevicePrimaryCtxRelease(s.dev.device);
  }
  s.copies.clear();
  s.pool = Pool();
  s.sharedOptInMax = -1;
  s.modules.clear();
  s.context = nullptr;
  s.stream = nullptr;
  s.contextTried = false;
  s.contextReason.clear();
  unloadDevice(s.dev);
  s.loaded = false;
  cudaHasDeviceCopies.store(false, std::memory_order_release);
}

} // namespace parjit::rt

using namespace parjit::rt;

extern "C" {

int32_t pj_cuda_launch(const pj_cuda_module *module, const char *name, const char *shownName, const int64_t *grid,
                       const int64_t *block, int64_t sharedBytes, int32_t nargs, const pj_cuda_arg *args) {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return launch(s, module, name, shownName, grid, block, sharedBytes, nargs, args) ? 0 : 1;
}

int32_t pj_cuda_to_host(pj_meminfo *m) {
  if (!m || !cudaHasDeviceCopies.load(std::memory_order_acquire)) return 0;
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return toHost(s, m) ? 0 : 1;
}

int32_t pj_cuda_is_available(void) { return cudaDeviceInfo().available ? 1 : 0; }

int32_t pj_cuda_host_wrote(pj_meminfo *m) {
  if (!m || !cudaHasDeviceCopies.load(std::memory_order_acquire)) return 0;
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!toHost(s, m)) return 1;
  auto it = s.copies.find(m);
  if (it != s.copies.end()) it->second.state = Newer::Host;
  return 0;
}

} // extern "C"
