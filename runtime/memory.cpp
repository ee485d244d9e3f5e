// Array storage for compiled code: aligned, zeroed, and released all at once
// when the program run ends.
#include "Runtime.h"
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <mutex>
#include <string>
#include <sys/mman.h>
#include <vector>

namespace parjit::rt {
namespace {

struct Block {
  void *ptr;      // what was mapped or allocated
  size_t size;
  bool mapped; // large blocks come from mmap: zeroed lazily, and refused
               // (MemoryError) when they exceed what the kernel will commit
};

constexpr size_t kAlign = 64;
constexpr size_t kMapThreshold = size_t(1) << 20;
constexpr size_t kPage = 4096;

// Large blocks start at a different cache-line offset within their page
// ("colouring"): page-aligned arrays that a loop streams through together
// alias in the L1 and in the store-to-load forwarding logic, which costs
// triad 1.5x on Zen 4 (measured with bench/run.py); malloc has the same effect.
std::atomic<unsigned> nextColour{0};

std::mutex &blocksMutex() {
  static std::mutex m;
  return m;
}
std::vector<Block> &blocks() {
  static std::vector<Block> b;
  return b;
}

void raiseAlloc(int64_t n) {
  std::string msg = "cannot allocate " + std::to_string(n) + " bytes";
  pj_raise(PJ_EXC_MEMORY, msg.c_str());
}

} // namespace

void freeAll() {
  std::lock_guard<std::mutex> lock(blocksMutex());
  for (const Block &b : blocks()) {
    if (b.mapped) munmap(b.ptr, b.size);
    else std::free(b.ptr);
  }
  blocks().clear();
}

} // namespace parjit::rt

extern "C" void *pj_alloc(int64_t nbytes) {
  using namespace parjit::rt;
  if (nbytes < 0 || static_cast<uint64_t>(nbytes) > (uint64_t(1) << 62)) {
    raiseAlloc(nbytes);
    return nullptr;
  }
  size_t size = (static_cast<size_t>(nbytes) + kAlign - 1) / kAlign * kAlign;
  if (size == 0) size = kAlign; // a distinct, valid pointer even for empty arrays
  Block b{nullptr, size, size >= kMapThreshold};
  void *data = nullptr;
  if (b.mapped) {
    b.size = size + kPage;
    void *p = mmap(nullptr, b.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    b.ptr = p == MAP_FAILED ? nullptr : p;
    size_t colour = 1 + nextColour.fetch_add(1, std::memory_order_relaxed) % (kPage / kAlign - 1);
    if (b.ptr) data = static_cast<char *>(b.ptr) + colour * kAlign;
  } else {
    b.ptr = std::aligned_alloc(kAlign, size);
    if (b.ptr) std::memset(b.ptr, 0, size);
    data = b.ptr;
  }
  if (!b.ptr) {
    raiseAlloc(nbytes);
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(blocksMutex());
  blocks().push_back(b);
  return data;
}
