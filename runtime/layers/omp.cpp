// The OpenMP threading layer (LLVM's libomp): a parallel loop over chunk
// indices with dynamic scheduling, one chunk at a time.
#include "Layer.h"
#include <atomic>
#include <omp.h>

namespace {

std::atomic<int32_t> ompThreads{1};

int32_t setThreads(int32_t threads) {
  if (threads < 1) return 1;
  ompThreads.store(threads);
  return 0;
}

void run(int64_t nchunks, pj_layer_task task, void *ctx) {
  int32_t threads = ompThreads.load();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int64_t c = 0; c < nchunks; ++c) task(ctx, c, omp_get_thread_num());
}

const char *version() {
  return "LLVM libomp";
}

const pj_threading_layer layer = {"omp", setThreads, run, version};

} // namespace

extern "C" __attribute__((visibility("default"))) const pj_threading_layer *pj_threading_layer_get(void) {
  return &layer;
}
