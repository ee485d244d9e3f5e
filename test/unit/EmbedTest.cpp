// The C++ embedding API, used as a host program would use it.
#include "parjit/parjit.hpp"
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace {

const char *kSource = R"(
import math
import numpy as np
from parjit import jit, prange

def norm(x):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * x[i]
    return math.sqrt(s)

def scale(a, k):
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            a[i, j] *= k

def outer(x, y):
    out = np.zeros((x.shape[0], y.shape[0]))
    for i in range(x.shape[0]):
        for j in range(y.shape[0]):
            out[i, j] = x[i] * y[j]
    return out

def stats(x):
    lo = x[0]
    hi = x[0]
    for i in range(x.shape[0]):
        lo = min(lo, x[i])
        hi = max(hi, x[i])
    return lo, hi, x.shape[0]

@jit(parallel=True)
def psum(x):
    s = 0
    for i in prange(x.shape[0]):
        s += x[i]
    return s

def get(x, i):
    return x[i]

def is_big(v):
    return v > 10
)";

parjit::Options testOptions() {
  parjit::Options o;
  o.cacheDir = std::string(PARJIT_BINARY_DIR) + "/test/unit-cache";
  return o;
}

TEST(Embed, ScalarsArraysTuplesAndReturnedArrays) {
  parjit::Engine engine(testOptions());
  parjit::Module mod = engine.compile(kSource, "kernels.py");

  auto norm = mod.function<double(parjit::ArrayRef<const double, 1>)>("norm");
  std::vector<double> v{3.0, 4.0};
  EXPECT_EQ(norm(v), 5.0);

  auto scale = mod.function<void(parjit::ArrayRef<double, 2>, double)>("scale");
  std::vector<double> m{1, 2, 3, 4, 5, 6};
  scale(parjit::ArrayRef<double, 2>(m.data(), {2, 3}), 10.0);
  EXPECT_EQ(m, (std::vector<double>{10, 20, 30, 40, 50, 60}));

  auto stats = mod.function<std::tuple<double, double, int64_t>(parjit::ArrayRef<const double, 1>)>("stats");
  auto [lo, hi, n] = stats(m);
  EXPECT_EQ(lo, 10.0);
  EXPECT_EQ(hi, 60.0);
  EXPECT_EQ(n, 6);

  auto outer = mod.function<parjit::Array<double, 2>(parjit::ArrayRef<const double, 1>,
                                                     parjit::ArrayRef<const double, 1>)>("outer");
  std::vector<double> x{1, 2}, y{10, 20, 30};
  parjit::Array<double, 2> o = outer(x, y);
  ASSERT_EQ(o.shape(0), 2);
  ASSERT_EQ(o.shape(1), 3);
  EXPECT_EQ(o(1, 2), 60.0);
  parjit::Array<double, 2> copy = o; // shares the memory
  copy(0, 0) = -1.0;
  EXPECT_EQ(o(0, 0), -1.0);
  // An array a kernel returned can be passed back in.
  EXPECT_EQ(norm(parjit::ArrayRef<const double, 1>(o.data(), {3})), std::sqrt(1.0 + 400.0 + 900.0));

  auto isBig = mod.function<bool(int64_t)>("is_big");
  EXPECT_TRUE(isBig(11));
  EXPECT_FALSE(isBig(3));
}

TEST(Embed, StridedHostArraysGetTheirOwnSpecialization) {
  parjit::Engine engine(testOptions());
  parjit::Module mod = engine.compile(kSource);
  auto norm = mod.function<double(parjit::ArrayRef<const double, 1>)>("norm");
  // Every other element of a buffer: a stride of 2 elements.
  std::vector<double> buf{3.0, 100.0, 4.0, 100.0};
  EXPECT_EQ(norm(parjit::ArrayRef<const double, 1>(buf.data(), {2}, {2})), 5.0);
  // A column of a row-major matrix.
  std::vector<double> m{1, 5, 2, 6, 3, 7};
  auto scale = mod.function<void(parjit::ArrayRef<double, 2>, double)>("scale");
  scale(parjit::ArrayRef<double, 2>(m.data() + 1, {3, 1}, {2, 1}), 2.0);
  EXPECT_EQ(m, (std::vector<double>{1, 10, 2, 12, 3, 14}));
}

TEST(Embed, ErrorsAreExceptions) {
  parjit::Engine engine(testOptions());
  try {
    engine.compile("def f(x):\n    return x +\n", "bad.py");
    FAIL() << "no CompileError";
  } catch (const parjit::CompileError &e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].file, "bad.py");
    EXPECT_EQ(e.diagnostics()[0].line, 2);
    EXPECT_NE(std::string(e.what()).find("bad.py:2:"), std::string::npos) << e.what();
  }
  parjit::Module mod = engine.compile(kSource, "kernels.py");
  try {
    mod.function<double(int64_t)>("norm"); // norm indexes its argument
    FAIL() << "no CompileError";
  } catch (const parjit::CompileError &e) {
    EXPECT_NE(std::string(e.what()).find("kernels.py:9:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(mod.function<double(double)>("no_such_function"), parjit::CompileError);
  // The signature's return type must be what the function returns.
  EXPECT_THROW((mod.function<int64_t(parjit::ArrayRef<const double, 1>)>("norm")), parjit::CompileError);

  auto get = mod.function<double(parjit::ArrayRef<const double, 1>, int64_t)>("get");
  std::vector<double> v{1, 2, 3};
  EXPECT_EQ(get(v, -1), 3.0);
  try {
    get(v, 3);
    FAIL() << "no RuntimeError";
  } catch (const parjit::RuntimeError &e) {
    EXPECT_EQ(e.type(), "IndexError");
    EXPECT_STREQ(e.what(), "IndexError: index 3 is out of bounds for axis 0 with size 3");
    EXPECT_NE(e.traceback().find("line 40, in get\n    return x[i]\n"), std::string::npos) << e.traceback();
  }
  EXPECT_EQ(get(v, 0), 1.0); // the module still works
  EXPECT_THROW(parjit::Engine(parjit::Options{3, true, false, 2, "no-such-layer"}), parjit::Error);
}

TEST(Embed, ParallelFunctionsAndManyHostThreads) {
  parjit::Options o = testOptions();
  o.threads = 2;
  parjit::Engine engine(o);
  parjit::Module mod = engine.compile(kSource);
  std::vector<int64_t> x(100000);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<int64_t>(i);
  // Several threads fetch (compile) and call at once.
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      auto psum = mod.function<int64_t(parjit::ArrayRef<const int64_t, 1>)>("psum");
      parjit::Module own = engine.compile(kSource); // and compile modules at once
      auto norm = own.function<double(parjit::ArrayRef<const double, 1>)>("norm");
      std::vector<double> v{6.0, 8.0};
      for (int r = 0; r < 50; ++r) {
        if (psum(x) != 4999950000) ++bad;
        if (norm(v) != 10.0) ++bad;
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad.load(), 0);
}

} // namespace
