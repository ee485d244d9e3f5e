// np.random in the runtime draws NumPy 1.24's numbers bit for bit: scripts of
// seeds and calls (scalar and size= forms, interleaved) replayed against the
// values NumPy gave, in random_cases.inc (rerun gen_random_cases.py to
// regenerate it); plus what NumPy cannot tell us: unseeded processes differ,
// and calls from many threads share one stream.
#include "Runtime.h"
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace parjit::rt;

namespace {

enum class Op {
  Seed, Random, StandardNormal, Uniform, Normal, Randint,
  FillRandom, FillStandardNormal, FillUniform, FillNormal, FillRandint,
};

// One np.random call: n values for a Fill (one for the others, none for
// Seed), double parameters a, b, integer ones lo, hi (Seed's seed is lo).
struct RandomCall {
  Op op;
  int64_t n;
  double a, b;
  int64_t lo, hi;
  const char *errorKind, *errorMessage; // NumPy's exception, or nullptr
};

struct RandomScript {
  const char *name;
  int firstCall, numCalls, firstValue;
};

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

#include "random_cases.inc"

uint64_t bits(double v) {
  uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::vector<uint64_t> bitsOf(const std::vector<double> &v) {
  std::vector<uint64_t> out;
  for (double d : v) out.push_back(bits(d));
  return out;
}

// Makes the call; returns what it drew, as bit patterns (int64 as is).
std::vector<uint64_t> run(const RandomCall &c) {
  std::vector<double> d(c.n);
  std::vector<int64_t> i(c.n);
  switch (c.op) {
  case Op::Seed: pj_random_seed(c.lo); return {};
  case Op::Random: return {bits(pj_random_random())};
  case Op::StandardNormal: return {bits(pj_random_standard_normal())};
  case Op::Uniform: return {bits(pj_random_uniform(c.a, c.b))};
  case Op::Normal: return {bits(pj_random_normal(c.a, c.b))};
  case Op::Randint: return {uint64_t(pj_random_randint(c.lo, c.hi))};
  case Op::FillRandom: pj_random_fill_random(d.data(), c.n); return bitsOf(d);
  case Op::FillStandardNormal: pj_random_fill_standard_normal(d.data(), c.n); return bitsOf(d);
  case Op::FillUniform: pj_random_fill_uniform(d.data(), c.n, c.a, c.b); return bitsOf(d);
  case Op::FillNormal: pj_random_fill_normal(d.data(), c.n, c.a, c.b); return bitsOf(d);
  case Op::FillRandint: pj_random_fill_randint(i.data(), c.n, c.lo, c.hi); return {i.begin(), i.end()};
  }
  return {};
}

TEST(RandomTest, MatchesNumPyCallByCall) {
  int64_t checked = 0;
  for (const RandomScript &s : kScripts) {
    SCOPED_TRACE(s.name);
    const uint64_t *expected = kValues + s.firstValue;
    for (int k = 0; k < s.numCalls; ++k) {
      const RandomCall &c = kCalls[s.firstCall + k];
      SCOPED_TRACE("call " + std::to_string(k));
      std::vector<uint64_t> got = run(c);
      PendingError e;
      if (c.errorKind) {
        ASSERT_NE(pj_failed(), 0);
        ASSERT_TRUE(takeError(e));
        EXPECT_STREQ(PendingError::kindName(e.kind), c.errorKind);
        EXPECT_EQ(e.message, c.errorMessage);
        continue;
      }
      ASSERT_FALSE(takeError(e)) << e.message;
      for (uint64_t v : got) ASSERT_EQ(v, *expected++) << "value " << (expected - kValues - s.firstValue - 1);
      checked += int64_t(got.size());
    }
  }
  EXPECT_EQ(checked, int64_t(sizeof kValues / sizeof kValues[0]));
}

// The scalar and fill forms of randint take the stream alike (NumPy's scalar
// path is a fill of one), whatever the word size the range needs.
TEST(RandomTest, RandintScalarAndFillAgree) {
  for (auto [lo, hi] : std::vector<std::pair<int64_t, int64_t>>{
           {0, 3}, {-5, 5}, {0, int64_t(1) << 40}, {INT64_MIN, INT64_MAX}, {0, int64_t(1) << 32}}) {
    pj_random_seed(77);
    std::vector<int64_t> scalar;
    for (int k = 0; k < 50; ++k) scalar.push_back(pj_random_randint(lo, hi));
    double next = pj_random_random();
    pj_random_seed(77);
    std::vector<int64_t> filled(50);
    pj_random_fill_randint(filled.data(), 50, lo, hi);
    EXPECT_EQ(scalar, filled) << lo << " " << hi;
    EXPECT_EQ(bits(pj_random_random()), bits(next));
  }
}

// Calls from many threads (a prange body) each take a whole run of the one
// stream under the lock: together they draw exactly what a serial loop
// draws, in some order, and the normal cache is never torn.
TEST(RandomTest, ThreadsShareOneStream) {
  constexpr int kThreads = 4, kDraws = 2000;
  pj_random_seed(99);
  std::vector<double> serial(kThreads * kDraws);
  for (double &v : serial) v = pj_random_standard_normal();
  pj_random_seed(99);
  std::vector<double> parallel(kThreads * kDraws);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&parallel, t] {
      for (int k = 0; k < kDraws; ++k) parallel[t * kDraws + k] = pj_random_standard_normal();
    });
  for (std::thread &t : threads) t.join();
  std::sort(serial.begin(), serial.end());
  std::sort(parallel.begin(), parallel.end());
  EXPECT_EQ(bitsOf(serial), bitsOf(parallel));
}

// Run in a child process (RandomTest.UnseededProcessesDiffer): print the
// first draws of a generator that was never seeded.
// Disabled: it runs only when asked for by name.
TEST(RandomChild, DISABLED_PrintUnseededDraws) {
  std::printf("draws %a %a %lld\n", pj_random_random(), pj_random_standard_normal(),
              static_cast<long long>(pj_random_randint(0, int64_t(1) << 40)));
}

std::string unseededDraws() {
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return "";
  std::string cmd = "'" + std::string(exe, size_t(len)) +
                    "' --gtest_also_run_disabled_tests --gtest_filter=RandomChild.DISABLED_PrintUnseededDraws";
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p))
    if (std::strncmp(buf, "draws ", 6) == 0) out = buf;
  pclose(p);
  return out;
}

// NumPy seeds its global RandomState from OS entropy; so do we: two fresh
// processes draw different numbers, neither of them seed 0's.
TEST(RandomTest, UnseededProcessesDiffer) {
  std::string first = unseededDraws(), second = unseededDraws();
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  double u = std::strtod(first.c_str() + 6, nullptr);
  EXPECT_GE(u, 0.0);
  EXPECT_LT(u, 1.0);
  pj_random_seed(0);
  EXPECT_NE(u, pj_random_random());
}

} // namespace
