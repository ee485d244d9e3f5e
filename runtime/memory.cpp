// Array storage for compiled code: aligned, reference-counted blocks
// (zeroed, or left as they are for arrays that are written in full). Every
// block is also on a live list, so that a program run can report
// (PARJIT_CHECK_LEAKS) and free what compiled code failed to release.
//
// Large blocks are what array programs make and drop at a high rate (the
// temporaries of `d = a + b`, once per call): they come from mmap, aligned
// to 2 MiB and marked for transparent huge pages as NumPy marks its large
// arrays (a fresh 32 MiB array otherwise costs 8192 page faults, more than
// computing into it), and a released one is kept in a small pool and handed
// to the next request of the same size.
#include "Memory.h"
#include "Runtime.h"
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <sys/mman.h>
#include <vector>

namespace parjit::rt {
namespace {

constexpr size_t kAlign = 64;
constexpr size_t kMapThreshold = size_t(1) << 20;
constexpr size_t kPage = 4096;
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kHugeThreshold = size_t(4) << 20; // NumPy's threshold for MADV_HUGEPAGE
// The pool of released large blocks: a few, and not much memory, so that a
// program that frees memory gives it back.
constexpr size_t kPoolBlocks = 8;
constexpr size_t kPoolBytes = size_t(256) << 20;

// Large blocks start at a different cache-line offset within their page
// ("colouring"): page-aligned arrays that a loop streams through together
// alias in the L1 and in the store-to-load forwarding logic.
std::atomic<unsigned> nextColour{0};

struct Live {
  std::mutex mutex;
  pj_meminfo head; // sentinel of a circular list
  int64_t blocks = 0, bytes = 0, total = 0;
  struct Pooled {
    void *base;
    size_t size;
  };
  std::vector<Pooled> pool; // released mappings, oldest first
  size_t poolBytes = 0;
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

/// A mapping of `size` bytes (a multiple of kHugePage for huge ones): from
/// the pool when it holds one of that size, else fresh from the kernel
/// (zero-filled). *fresh says which. Null when the kernel refuses.
void *mapBlock(size_t size, bool &fresh) {
  Live &l = live();
  {
    std::lock_guard<std::mutex> lock(l.mutex);
    for (size_t i = 0; i < l.pool.size(); ++i)
      if (l.pool[i].size == size) {
        void *p = l.pool[i].base;
        l.pool.erase(l.pool.begin() + static_cast<std::ptrdiff_t>(i));
        l.poolBytes -= size;
        fresh = false;
        return p;
      }
  }
  fresh = true;
  bool huge = size >= kHugeThreshold;
  size_t span = huge ? size + kHugePage : size; // room to align to a huge page
  void *p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    // Out of address space or commit: what the pool holds may be enough.
    std::vector<Live::Pooled> drop;
    {
      std::lock_guard<std::mutex> lock(l.mutex);
      drop.swap(l.pool);
      l.poolBytes = 0;
    }
    if (drop.empty()) return nullptr;
    for (auto &b : drop) munmap(b.base, b.size);
    p = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
  }
  if (!huge) return p;
  // Keep the 2 MiB-aligned part; give back the slack on either side.
  auto addr = reinterpret_cast<uintptr_t>(p);
  uintptr_t aligned = (addr + kHugePage - 1) & ~(uintptr_t(kHugePage) - 1);
  if (aligned > addr) munmap(p, aligned - addr);
  if (aligned + size < addr + span) munmap(reinterpret_cast<void *>(aligned + size), addr + span - aligned - size);
  madvise(reinterpret_cast<void *>(aligned), size, MADV_HUGEPAGE);
  return reinterpret_cast<void *>(aligned);
}

void release(pj_meminfo *m) {
  if (cudaHasDeviceCopies.load(std::memory_order_acquire)) cudaForgetBlock(m);
  if (m->mapped) {
    // Into the pool (the oldest mappings leave it first), or back to the kernel.
    Live &l = live();
    std::vector<Live::Pooled> drop;
    if (m->size <= kPoolBytes) {
      std::lock_guard<std::mutex> lock(l.mutex);
      l.pool.push_back({m->base, m->size});
      l.poolBytes += m->size;
      while (l.pool.size() > kPoolBlocks || l.poolBytes > kPoolBytes) {
        drop.push_back(l.pool.front());
        l.poolBytes -= l.pool.front().size;
        l.pool.erase(l.pool.begin());
      }
    } else {
      drop.push_back({m->base, m->size});
    }
    for (auto &b : drop) munmap(b.base, b.size);
  } else {
    std::free(m->base);
  }
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
  std::vector<pj_meminfo *> dead;
  int64_t n;
  {
    std::lock_guard<std::mutex> lock(l.mutex);
    n = l.blocks;
    while (l.head.next != &l.head) {
      pj_meminfo *m = l.head.next;
      unlink(l, m);
      dead.push_back(m);
    }
  }
  for (pj_meminfo *m : dead) release(m); // release takes the lock itself
  return n;
}

} // namespace parjit::rt

extern "C" {

static pj_meminfo *allocate(int64_t nbytes, void **data, bool zeroed) {
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
    if (m->size >= kHugeThreshold) m->size = (m->size + kHugePage - 1) / kHugePage * kHugePage;
    else m->size = (m->size + kPage - 1) / kPage * kPage;
    bool fresh = true;
    m->base = mapBlock(m->size, fresh);
    size_t colour = 1 + nextColour.fetch_add(1, std::memory_order_relaxed) % (kPage / kAlign - 1);
    if (m->base) {
      *data = static_cast<char *>(m->base) + colour * kAlign;
      if (zeroed && !fresh) std::memset(*data, 0, size);
    }
  } else {
    m->size = size;
    m->base = std::aligned_alloc(kAlign, size);
    if (m->base && zeroed) std::memset(m->base, 0, size);
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

pj_meminfo *pj_alloc(int64_t nbytes, void **data) { return allocate(nbytes, data, true); }

pj_meminfo *pj_alloc_empty(int64_t nbytes, void **data) { return allocate(nbytes, data, false); }

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
