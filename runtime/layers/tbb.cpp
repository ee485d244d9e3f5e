// The oneTBB threading layer: a task_arena of the requested size and a
// parallel_for over chunk indices; TBB's work stealing balances irregular
// chunks (mandelbrot rows). Chunk boundaries are fixed by the caller, so the
// partitioner only decides which thread runs which chunk.
#include "Layer.h"
#include <memory>
#include <mutex>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/version.h>
#include <string>

namespace {

std::mutex arenaMutex;
std::unique_ptr<oneapi::tbb::task_arena> arena;
// TBB caps its workers at the core count unless told otherwise; a requested
// thread count above it (--threads 7 on 2 cores) must still get 7 threads.
std::unique_ptr<oneapi::tbb::global_control> limit;
int32_t arenaThreads = 0;

int32_t setThreads(int32_t threads) {
  std::lock_guard<std::mutex> lock(arenaMutex);
  if (threads < 1) return 1;
  if (arena && arenaThreads == threads) return 0;
  arena.reset();
  limit = std::make_unique<oneapi::tbb::global_control>(oneapi::tbb::global_control::max_allowed_parallelism,
                                                        static_cast<size_t>(threads));
  arena = std::make_unique<oneapi::tbb::task_arena>(threads);
  arena->initialize();
  arenaThreads = threads;
  return 0;
}

void run(int64_t nchunks, pj_layer_task task, void *ctx) {
  oneapi::tbb::task_arena *a;
  {
    std::lock_guard<std::mutex> lock(arenaMutex);
    a = arena.get();
  }
  a->execute([&] {
    oneapi::tbb::parallel_for(
        oneapi::tbb::blocked_range<int64_t>(0, nchunks, 1),
        [&](const oneapi::tbb::blocked_range<int64_t> &r) {
          int32_t worker = oneapi::tbb::this_task_arena::current_thread_index();
          for (int64_t c = r.begin(); c != r.end(); ++c) task(ctx, c, worker);
        },
        oneapi::tbb::auto_partitioner());
  });
}

const char *version() {
  static const std::string v = "oneTBB " + std::to_string(TBB_VERSION_MAJOR) + "." + std::to_string(TBB_VERSION_MINOR);
  return v.c_str();
}

const pj_threading_layer layer = {"tbb", setThreads, run, version};

} // namespace

extern "C" __attribute__((visibility("default"))) const pj_threading_layer *pj_threading_layer_get(void) {
  return &layer;
}
