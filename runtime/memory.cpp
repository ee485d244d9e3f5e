// Array storage for compiled code: aligned, zeroed, reference-counted
// blocks. Every block is also on a live list, so that a program run can
// report (PARJIT_CHECK_LEAKS) and free what compiled code failed to release.
#include "Runtime.h"
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <sys/mman.h>

struct pj_meminfo {
  std::atomic<int64_t> refs{1};
  void *base = nullptr; // what was mapped or allocated
  size_t size = 0;
  bool mapped = false;  // large blocks come from mmap: zeroed lazily, and refused
                        // (MemoryError) when they exceed what the kernel will commit
  pj_meminfo *prev = nullptr, *next = nullptr;
};

namespace parjit::rt {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kMapThreshold = size_t(1) << 20;
constexpr size_t kPage = 4096;

// Large blocks start at a different cache-line offset within their page
// ("colouring"): page-aligned arrays that a loop streams through together
// alias in the L1 and in the store-to-load forwarding logic.
std::atomic<unsigned> nextColour{0};

struct Live {
  std::mutex mutex;
  pj_meminfo head; // sentinel of a circular list
  int64_t blocks = 0, bytes = 0, total = 0;
  Live() { head.prev = head.next = &head; }
};
Live &live() {
  static Live l;
  return l;
}

void raiseAlloc(int64_t n) {
  std::string msg = "cannot allocate " + std::to_string(n) + " bytes";
  pj_raise(PJ_EXC_MEMORY, msg.c_str());
}

void release(pj_meminfo *m) {
  if (m->mapped) munmap(m->base, m->size);
  else std::free(m->base);
  delete m;
}

void unlink(Live &l, pj_meminfo *m) {
  m->prev->next = m->next;
  m->next->prev = m->prev;
  --l.blocks;
  l.bytes -= static_cast<int64_t>(m->size);
}

} // namespace

MemoryStats memoryStats() {
  Live &l = live();
  std::lock_guard<std::mutex> lock(l.mutex);
  return {l.blocks, l.bytes, l.total};
}

int64_t freeAll() {
  Live &l = live();
  std::lock_guard<std::mutex> lock(l.mutex);
  int64_t n = l.blocks;
  while (l.head.next != &l.head) {
    pj_meminfo *m = l.head.next;
    unlink(l, m);
    release(m);
  }
  return n;
}

} // namespace parjit::rt

extern "C" {

pj_meminfo *pj_alloc(int64_t nbytes, void **data) {
  using namespace parjit::rt;
  *data = nullptr;
  if (nbytes < 0 || static_cast<uint64_t>(nbytes) > (uint64_t(1) << 62)) {
    raiseAlloc(nbytes);
    return nullptr;
  }
  size_t size = (static_cast<size_t>(nbytes) + kAlign - 1) / kAlign * kAlign;
  if (size == 0) size = kAlign; // a distinct, valid pointer even for empty arrays
  auto *m = new (std::nothrow) pj_meminfo;
  if (!m) {
    raiseAlloc(nbytes);
    return nullptr;
  }
  m->mapped = size >= kMapThreshold;
  if (m->mapped) {
    m->size = size + kPage;
    void *p = mmap(nullptr, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m->base = p == MAP_FAILED ? nullptr : p;
    size_t colour = 1 + nextColour.fetch_add(1, std::memory_order_relaxed) % (kPage / kAlign - 1);
    if (m->base) *data = static_cast<char *>(m->base) + colour * kAlign;
  } else {
    m->size = size;
    m->base = std::aligned_alloc(kAlign, size);
    if (m->base) std::memset(m->base, 0, size);
    *data = m->base;
  }
  if (!m->base) {
    delete m;
    raiseAlloc(nbytes);
    return nullptr;
  }
  Live &l = live();
  std::lock_guard<std::mutex> lock(l.mutex);
  m->next = &l.head;
  m->prev = l.head.prev;
  l.head.prev->next = m;
  l.head.prev = m;
  ++l.blocks;
  ++l.total;
  l.bytes += static_cast<int64_t>(m->size);
  return m;
}

void pj_incref(pj_meminfo *m) {
  if (m) m->refs.fetch_add(1, std::memory_order_relaxed);
}

void pj_decref(pj_meminfo *m) {
  using namespace parjit::rt;
  if (!m || m->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  Live &l = live();
  {
    std::lock_guard<std::mutex> lock(l.mutex);
    unlink(l, m);
  }
  release(m);
}

} // extern "C"
