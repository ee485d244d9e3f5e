// pj_parallel_for over both threading layers: every iteration runs once,
// chunks are fixed by the caller, and an exception on a worker reaches the
// caller as the error serial execution would raise.
#include "Runtime.h"
#include <atomic>
#include <chrono>
#include <thread>
#include <gtest/gtest.h>
#include <vector>

using namespace parjit::rt;

namespace {

struct Env {
  std::vector<std::atomic<int>> hits;
  std::vector<int64_t> chunkLo;
  int64_t failAt = -1;
  explicit Env(int64_t n) : hits(n), chunkLo(n, -1) {}
};

int32_t body(void *p, int64_t lo, int64_t hi) {
  Env &e = *static_cast<Env *>(p);
  for (int64_t i = lo; i < hi; ++i) {
    if (i == e.failAt || (e.failAt >= 0 && i == e.failAt + 5000)) {
      pj_raise_index(i, 0, 7);
      return static_cast<int32_t>(100 + (i == e.failAt ? 1 : 2));
    }
    e.hits[i].fetch_add(1);
    e.chunkLo[i] = lo;
  }
  return 0;
}

class ParallelRuntime : public ::testing::TestWithParam<const char *> {};

TEST_P(ParallelRuntime, EveryIterationOnceInFixedChunks) {
  std::string err;
  ASSERT_TRUE(configureThreading(GetParam(), 3, err)) << err;
  ThreadingInfo info;
  ASSERT_TRUE(threadingInfo(info, err)) << err;
  EXPECT_EQ(info.layer, GetParam());
  EXPECT_EQ(info.threads, 3);
  EXPECT_EQ(pj_num_threads(), 3);
  Env e(10007);
  EXPECT_EQ(pj_parallel_for(&e, body, 10007, 100), 0);
  for (int64_t i = 0; i < 10007; ++i) {
    ASSERT_EQ(e.hits[i].load(), 1) << i;
    ASSERT_EQ(e.chunkLo[i], i / 100 * 100) << i;
  }
}

TEST_P(ParallelRuntime, LowestFailingChunkIsReported) {
  std::string err;
  ASSERT_TRUE(configureThreading(GetParam(), 2, err)) << err;
  Env e(20000);
  e.failAt = 7000; // and 12000 fails too; serial order would stop at 7000
  EXPECT_EQ(pj_parallel_for(&e, body, 20000, 10), 101);
  PendingError pe;
  ASSERT_TRUE(takeError(pe));
  EXPECT_EQ(pe.kind, PJ_EXC_INDEX);
  EXPECT_EQ(pe.message, "index 7000 is out of bounds for axis 0 with size 7");
  for (int64_t i = 0; i < 7000; ++i) ASSERT_EQ(e.hits[i].load(), 1) << i;
  EXPECT_FALSE(takeError(pe));
}

std::atomic<unsigned> workersSeen{0};
std::atomic<bool> firstChunkTaken{false};
int32_t slowBody(void *, int64_t, int64_t) {
  workersSeen.fetch_or(1u << pj_thread_id());
  // The first chunk holds its thread until another worker shows up (or 5 s
  // pass), so that a loaded machine waking workers late cannot make a
  // working pool look serial; a serial pool still fails, after one wait.
  if (!firstChunkTaken.exchange(true)) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (__builtin_popcount(workersSeen.load()) < 2 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return 0;
}

TEST_P(ParallelRuntime, UsesSeveralThreads) {
  std::string err;
  ASSERT_TRUE(configureThreading(GetParam(), 3, err)) << err;
  workersSeen = 0;
  firstChunkTaken = false;
  EXPECT_EQ(pj_parallel_for(nullptr, slowBody, 60, 1), 0);
  EXPECT_GE(__builtin_popcount(workersSeen.load()), 2);
  EXPECT_LT(workersSeen.load(), 1u << 3);
}

TEST_P(ParallelRuntime, SeveralHostThreadsAtOnce) {
  // Compiled code may be called from several host threads: each call's
  // chunks run, and each caller sees only its own errors.
  std::string err;
  ASSERT_TRUE(configureThreading(GetParam(), 2, err)) << err;
  std::vector<std::thread> hosts;
  std::atomic<int> bad{0};
  for (int h = 0; h < 4; ++h)
    hosts.emplace_back([&, h] {
      for (int rep = 0; rep < 20; ++rep) {
        Env e(5000);
        e.failAt = h == 3 ? 4000 : -1;
        int32_t line = pj_parallel_for(&e, body, 5000, 64);
        PendingError pe;
        bool raised = takeError(pe);
        if (h == 3) {
          if (line != 101 || !raised || pe.message != "index 4000 is out of bounds for axis 0 with size 7") ++bad;
        } else {
          if (line != 0 || raised) ++bad;
          for (int64_t i = 0; i < 5000; ++i)
            if (e.hits[i].load() != 1) ++bad;
        }
      }
    });
  for (auto &t : hosts) t.join();
  EXPECT_EQ(bad.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Layers, ParallelRuntime, ::testing::Values("tbb", "omp"));

TEST(ParallelRuntimeConfig, UnknownLayerIsAnError) {
  std::string err;
  EXPECT_FALSE(configureThreading("workqueue", 2, err));
  EXPECT_EQ(err, "unknown threading layer 'workqueue' (choose tbb or omp)");
  ASSERT_TRUE(configureThreading("tbb", 2, err)) << err;
}

TEST(ParallelRuntimeConfig, OneChunkRunsOnTheCaller) {
  std::string err;
  ASSERT_TRUE(configureThreading("tbb", 2, err)) << err;
  Env e(50);
  EXPECT_EQ(pj_parallel_for(&e, body, 50, 64), 0);
  for (int64_t i = 0; i < 50; ++i) EXPECT_EQ(e.chunkLo[i], 0);
  EXPECT_EQ(pj_thread_id(), 0);
}

} // namespace
