// The interface between the runtime and a threading layer. Each layer is a
// shared library (libparjit_tbb.so, libparjit_omp.so) that the runtime loads
// with dlopen when the first parallel loop runs, as Numba loads its
// threading layers; generated code never sees it (it calls pj_parallel_for).
#pragma once
#include <stddef.h>
#include <stdint.h>

extern "C" {

/// Runs task(ctx, c, worker) once for every chunk c in [0, nchunks), on up to
/// the layer's thread count, with dynamic load balancing; `worker` is the
/// running thread's index in [0, threads). Returns when every task has run.
typedef void (*pj_layer_task)(void *ctx, int64_t chunk, int32_t worker);

struct pj_threading_layer {
  const char *name; // "tbb", "omp"
  /// Sets the number of threads later runs use. 0 on success.
  int32_t (*set_threads)(int32_t threads);
  void (*run)(int64_t nchunks, pj_layer_task task, void *ctx);
  /// A description of the library behind the layer ("oneTBB 2021.8").
  const char *(*version)(void);
};

/// The one symbol a layer library exports.
const pj_threading_layer *pj_threading_layer_get(void);
}
