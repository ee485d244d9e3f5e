// The C embedding API, called as a C host would.
#include "parjit/parjit.h"
#include <gtest/gtest.h>
#include <string>

namespace {

const char *kSource = R"(
import numpy as np

def dot(x, y):
    s = 0.0
    for i in range(x.shape[0]):
        s += x[i] * y[i]
    return s

def ramp(n):
    a = np.zeros(n, dtype=np.int32)
    for i in range(n):
        a[i] = i * i
    return a

def minmax(x):
    lo = x[0]
    hi = x[0]
    for i in range(x.shape[0]):
        lo = min(lo, x[i])
        hi = max(hi, x[i])
    return lo, hi

def get(x, i):
    return x[i]
)";

struct Fixture : ::testing::Test {
  parjit_engine *engine = nullptr;
  parjit_module *module = nullptr;
  void SetUp() override {
    parjit_options o;
    parjit_options_init(&o);
    std::string dir = std::string(PARJIT_BINARY_DIR) + "/test/unit-cache";
    o.cache_dir = dir.c_str();
    char *err = nullptr;
    ASSERT_EQ(parjit_engine_create(&o, &engine, &err), PARJIT_OK) << err;
    ASSERT_EQ(parjit_compile(engine, kSource, "c_api.py", &module, &err), PARJIT_OK) << err;
  }
  void TearDown() override {
    parjit_module_destroy(module);
    parjit_engine_destroy(engine);
  }
};

TEST_F(Fixture, ScalarsArraysAndResults) {
  char *err = nullptr;
  parjit_function *dot = nullptr;
  ASSERT_EQ(parjit_function_get(module, "dot", "float64(float64[:], float64[:])", &dot, &err), PARJIT_OK) << err;
  double x[3] = {1, 2, 3}, y[6] = {1, 0, 10, 0, 100, 0};
  int64_t n = 3, stride2 = 16;
  parjit_array a = parjit_array_1d(x, PARJIT_FLOAT64, &n);
  parjit_array b = {y, PARJIT_FLOAT64, 1, &n, &stride2}; // every other element
  void *args[] = {&a, &b};
  double r = 0;
  ASSERT_EQ(parjit_call(dot, args, &r, &err), PARJIT_OK) << err;
  EXPECT_EQ(r, 321.0);
  parjit_function_destroy(dot);

  parjit_function *ramp = nullptr;
  ASSERT_EQ(parjit_function_get(module, "ramp", "int32[::1](int64)", &ramp, &err), PARJIT_OK) << err;
  int64_t len = 5;
  void *rargs[] = {&len};
  parjit_result_array out;
  ASSERT_EQ(parjit_call(ramp, rargs, &out, &err), PARJIT_OK) << err;
  ASSERT_EQ(out.ndim, 1);
  ASSERT_EQ(out.shape[0], 5);
  EXPECT_EQ(out.dtype, PARJIT_INT32);
  EXPECT_EQ(static_cast<int32_t *>(out.data)[4], 16);
  parjit_array_release(&out);
  parjit_function_destroy(ramp);

  parjit_function *mm = nullptr;
  ASSERT_EQ(parjit_function_get(module, "minmax", "Tuple(float64, float64)(float64[:])", &mm, &err), PARJIT_OK) << err;
  struct {
    double lo, hi;
  } res;
  void *margs[] = {&b};
  ASSERT_EQ(parjit_call(mm, margs, &res, &err), PARJIT_OK) << err;
  EXPECT_EQ(res.lo, 1.0);
  EXPECT_EQ(res.hi, 100.0);
  parjit_function_destroy(mm);
}

TEST_F(Fixture, ErrorsAreStatusesWithMessages) {
  char *err = nullptr;
  parjit_function *f = nullptr;
  EXPECT_EQ(parjit_function_get(module, "dot", "float64(int64, int64)", &f, &err), PARJIT_COMPILE_ERROR);
  ASSERT_NE(err, nullptr);
  EXPECT_NE(std::string(err).find("c_api.py:7:"), std::string::npos) << err;
  parjit_free(err);
  EXPECT_EQ(parjit_function_get(module, "dot", "float64(float64[:]", &f, &err), PARJIT_USAGE_ERROR);
  parjit_free(err);

  ASSERT_EQ(parjit_function_get(module, "get", "float64(float64[::1], int64)", &f, &err), PARJIT_OK) << err;
  double x[2] = {1, 2};
  int64_t n = 2, i = 5, stride = 16;
  parjit_array a = parjit_array_1d(x, PARJIT_FLOAT64, &n);
  void *args[] = {&a, &i};
  double r;
  EXPECT_EQ(parjit_call(f, args, &r, &err), PARJIT_RUNTIME_ERROR);
  ASSERT_NE(err, nullptr);
  EXPECT_NE(std::string(err).find("IndexError: index 5 is out of bounds for axis 0 with size 2"), std::string::npos) << err;
  parjit_free(err);
  parjit_array wrongType = parjit_array_1d(x, PARJIT_INT64, &n);
  void *bad[] = {&wrongType, &i};
  EXPECT_EQ(parjit_call(f, bad, &r, &err), PARJIT_USAGE_ERROR);
  parjit_free(err);
  n = 1;
  parjit_array strided = {x, PARJIT_FLOAT64, 1, &n, &stride};
  n = 2;
  void *notC[] = {&strided, &i};
  EXPECT_EQ(parjit_call(f, notC, &r, &err), PARJIT_USAGE_ERROR); // the signature says [::1]
  EXPECT_NE(std::string(err).find("C-contiguous"), std::string::npos) << err;
  parjit_free(err);
  parjit_function_destroy(f);

  parjit_module *m = nullptr;
  EXPECT_EQ(parjit_compile(engine, "def f(:\n", "broken.py", &m, &err), PARJIT_COMPILE_ERROR);
  EXPECT_NE(std::string(err).find("broken.py:1:"), std::string::npos) << err;
  parjit_free(err);
}

} // namespace
