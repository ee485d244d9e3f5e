// Parallel loops: pj_parallel_for over a threading layer loaded at run time
// (oneTBB by default, libomp as the alternative), the thread count, and the
// hand-over of an exception raised on a worker thread to the caller.
#include "Runtime.h"
#include "layers/Layer.h"
#include <atomic>
#include <climits>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <sched.h>
#include <string>
#include <unistd.h>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
// The threading layers are not instrumented: tell ThreadSanitizer about the
// ordering they provide (the caller's writes happen before every chunk, and
// every chunk happens before the caller continues).
#define PJ_TSAN_RELEASE(p) __tsan_release(p)
#define PJ_TSAN_ACQUIRE(p) __tsan_acquire(p)
#else
#define PJ_TSAN_RELEASE(p) ((void)0)
#define PJ_TSAN_ACQUIRE(p) ((void)0)
#endif

namespace parjit::rt {
namespace {

struct State {
  std::mutex mutex;
  const pj_threading_layer *layer = nullptr;
  std::string layerName, layerPath;
  int32_t threads = 0; // 0: not configured yet
  std::string error;   // why configuring failed
};
State &state() {
  static State s;
  return s;
}

thread_local bool tInParallel = false;
thread_local int32_t tWorker = 0;

int32_t cpuCount() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int32_t>(n) : 1;
}

/// Directories where the layer libraries may be: $PARJIT_LIBDIR, then next
/// to the object holding the runtime (the parjit binary or libparjit.so) and
/// in ../lib from there (build/bin -> build/lib, prefix/bin -> prefix/lib).
std::vector<std::string> layerDirs() {
  std::vector<std::string> dirs;
  if (const char *d = std::getenv("PARJIT_LIBDIR"); d && *d) dirs.push_back(d);
  std::string self;
  Dl_info info;
  if (dladdr(reinterpret_cast<void *>(&pj_parallel_for), &info) && info.dli_fname) self = info.dli_fname;
  char buf[4096];
  if (char *r = realpath(self.empty() ? "/proc/self/exe" : self.c_str(), buf)) self = r;
  else if (ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1); n > 0) self.assign(buf, n);
  size_t slash = self.rfind('/');
  if (slash != std::string::npos) {
    std::string dir = self.substr(0, slash);
    dirs.push_back(dir);
    dirs.push_back(dir + "/../lib");
  }
  return dirs;
}

bool loadLayer(State &s, const std::string &name, std::string &err) {
  if (name != "tbb" && name != "omp") {
    err = "unknown threading layer '" + name + "' (choose tbb or omp)";
    return false;
  }
  std::string file = "libparjit_" + name + ".so", tried;
  for (const std::string &dir : layerDirs()) {
    std::string path = dir + "/" + file;
    if (access(path.c_str(), R_OK) != 0) {
      tried += "\n  " + path + ": not found";
      continue;
    }
    void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      tried += "\n  " + path + ": " + dlerror();
      continue;
    }
    auto get = reinterpret_cast<const pj_threading_layer *(*)()>(dlsym(h, "pj_threading_layer_get"));
    if (!get || !get()) {
      tried += "\n  " + path + ": not a parjit threading layer";
      dlclose(h);
      continue;
    }
    s.layer = get();
    s.layerName = name;
    char real[4096];
    s.layerPath = realpath(path.c_str(), real) ? real : path;
    return true;
  }
  err = "the '" + name + "' threading layer cannot be loaded:" + tried;
  return false;
}

bool parsePositive(const char *text, int32_t &out) {
  char *end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (!*text || *end || v < 1 || v > 4096) return false;
  out = static_cast<int32_t>(v);
  return true;
}

/// Configures from the environment on first use (caller holds the mutex).
bool ensureConfigured(State &s, std::string &err) {
  if (s.layer) return true;
  if (!s.error.empty()) {
    err = s.error;
    return false;
  }
  std::string layer = "tbb";
  if (const char *l = std::getenv("PARJIT_THREADING_LAYER"); l && *l) layer = l;
  int32_t threads = cpuCount();
  if (const char *t = std::getenv("PARJIT_NUM_THREADS"); t && *t && !parsePositive(t, threads)) {
    s.error = err = std::string("PARJIT_NUM_THREADS must be a whole number from 1 to 4096, not '") + t + "'";
    return false;
  }
  if (s.threads > 0) threads = s.threads;
  if (!loadLayer(s, layer, err) || s.layer->set_threads(threads) != 0) {
    if (err.empty()) err = "the '" + layer + "' threading layer refused " + std::to_string(threads) + " threads";
    s.error = err;
    s.layer = nullptr;
    return false;
  }
  s.threads = threads;
  return true;
}

struct Run {
  void *env;
  pj_body_fn body;
  int64_t n, chunk;
  std::atomic<int64_t> failedChunk{INT64_MAX};
  std::mutex errorMutex;
  PendingError error;
  int32_t errorLine = 0;
};

void runChunk(void *ctx, int64_t c, int32_t worker) {
  Run &r = *static_cast<Run *>(ctx);
  PJ_TSAN_ACQUIRE(&r);
  if (c > r.failedChunk.load(std::memory_order_relaxed)) { // an earlier chunk failed
    PJ_TSAN_RELEASE(&r.error);
    return;
  }
  int64_t lo = c * r.chunk, hi = lo + r.chunk < r.n ? lo + r.chunk : r.n;
  bool wasInParallel = tInParallel;
  int32_t wasWorker = tWorker;
  tInParallel = true;
  tWorker = worker;
  int32_t line = r.body(r.env, lo, hi);
  tInParallel = wasInParallel;
  tWorker = wasWorker;
  PJ_TSAN_RELEASE(&r.error);
  if (line == 0) return;
  PendingError pe;
  takeError(pe);
  std::lock_guard<std::mutex> lock(r.errorMutex);
  if (c < r.failedChunk.load()) { // keep the error serial execution would raise
    r.failedChunk.store(c);
    r.error = std::move(pe);
    r.errorLine = line;
  }
}

} // namespace

bool configureThreading(const std::string &layer, int32_t threads, std::string &err) {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (threads < 0) {
    err = "the thread count must be at least 1";
    return false;
  }
  if (threads > 0) s.threads = threads;
  if (!layer.empty() && (!s.layer || s.layerName != layer)) {
    s.layer = nullptr;
    s.error.clear();
    int32_t n = s.threads > 0 ? s.threads : cpuCount();
    if (!loadLayer(s, layer, err)) return false;
    if (s.layer->set_threads(n) != 0) {
      err = "the '" + layer + "' threading layer refused " + std::to_string(n) + " threads";
      s.layer = nullptr;
      return false;
    }
    s.threads = n;
    return true;
  }
  if (!ensureConfigured(s, err)) return false;
  if (threads > 0 && s.layer->set_threads(threads) != 0) {
    err = "the '" + s.layerName + "' threading layer refused " + std::to_string(threads) + " threads";
    return false;
  }
  return true;
}

bool threadingInfo(ThreadingInfo &out, std::string &err) {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  if (!ensureConfigured(s, err)) return false;
  out.layer = s.layerName;
  out.version = s.layer->version();
  out.path = s.layerPath;
  out.threads = s.threads;
  return true;
}

} // namespace parjit::rt

using namespace parjit::rt;

extern "C" {

int32_t pj_parallel_for(void *env, pj_body_fn body, int64_t n, int64_t chunk) {
  if (n <= 0) return 0;
  if (chunk < 1) chunk = 1;
  int64_t nchunks = (n - 1) / chunk + 1;
  const pj_threading_layer *layer = nullptr;
  int32_t threads = 1;
  if (nchunks > 1 && !tInParallel) {
    State &s = state();
    std::string err;
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!ensureConfigured(s, err)) {
      pj_raise(PJ_EXC_RUNTIME, err.c_str());
      return -1;
    }
    layer = s.layer;
    threads = s.threads;
  }
  if (!layer || threads == 1) {
    // Serial: the same chunks in order, so reductions give the same bits.
    for (int64_t lo = 0; lo < n; lo += chunk)
      if (int32_t line = body(env, lo, lo + chunk < n ? lo + chunk : n)) return line;
    return 0;
  }
  Run r;
  r.env = env;
  r.body = body;
  r.n = n;
  r.chunk = chunk;
  PJ_TSAN_RELEASE(&r);
  layer->run(nchunks, runChunk, &r);
  PJ_TSAN_ACQUIRE(&r.error);
  if (r.failedChunk.load() == INT64_MAX) return 0;
  restoreError(std::move(r.error));
  return r.errorLine;
}

int64_t pj_num_threads(void) {
  State &s = state();
  std::lock_guard<std::mutex> lock(s.mutex);
  return s.threads > 0 ? s.threads : 1;
}

int64_t pj_thread_id(void) { return tWorker; }

} // extern "C"
