// The layout of a block of array memory (pj_meminfo), shared by
// memory.cpp, which owns blocks, and cuda.cpp, which keeps device copies of
// them; and the hook through which freeing a block frees its device copy.
#pragma once
#include "parjit/abi.h"
#include <atomic>
#include <cstddef>
#include <cstdint>

struct pj_meminfo {
  std::atomic<int64_t> refs{1};
  void *base = nullptr; // what was mapped or allocated
  size_t size = 0;
  bool mapped = false;  // large blocks come from mmap: zeroed lazily, and refused
                        // (MemoryError) when they exceed what the kernel will commit
  pj_meminfo *prev = nullptr, *next = nullptr;
};

namespace parjit::rt {

/// True once some block has had a device copy: until then freeing a block,
/// pj_cuda_to_host and pj_cuda_host_wrote look no further (programs that
/// never launch a kernel pay one load).
extern std::atomic<bool> cudaHasDeviceCopies;
/// Frees the device copy of `m`, which is being freed (nothing if it has none).
void cudaForgetBlock(pj_meminfo *m);

} // namespace parjit::rt
