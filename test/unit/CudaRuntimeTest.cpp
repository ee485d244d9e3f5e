// runtime/cuda.cpp against libparjit_mock_cuda.so (test/mock_cuda), a CUDA
// driver over host memory whose "kernels" are host functions registered
// here: what crosses between host and device and when, the kernel's view
// of its arguments, and every error a launch can raise, with its text.
#include "Memory.h"
#include "Runtime.h"
#include "mock_cuda.h"
#include <array>
#include <cstdlib>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <string>
#include <thread>
#include <vector>

using namespace parjit::rt;

namespace {

// The mock's control functions, from the same library the runtime loads.
struct MockApi {
  void *handle = nullptr;
  mock_cuda_stats (*stats)() = nullptr;
  void (*reset)() = nullptr;
  void (*setKernel)(const char *, mock_cuda_kernel_fn) = nullptr;
  void (*setError)(const void *) = nullptr;
  void (*setMemoryLimit)(int64_t) = nullptr;
  void (*setTotalMemory)(int64_t) = nullptr;
  void (*failPinned)(int) = nullptr;
  void (*failNext)(const char *, int) = nullptr;
  void (*setStaticShared)(const char *, int) = nullptr;
  mock_cuda_launch (*lastLaunch)() = nullptr;

  static MockApi &get() {
    static MockApi api = [] {
      MockApi a;
      a.handle = dlopen(PARJIT_MOCK_CUDA_LIBRARY, RTLD_NOW | RTLD_LOCAL);
      if (!a.handle) return a;
      auto sym = [&](auto &fn, const char *name) { fn = reinterpret_cast<std::decay_t<decltype(fn)>>(dlsym(a.handle, name)); };
      sym(a.stats, "mock_cuda_get_stats");
      sym(a.reset, "mock_cuda_reset");
      sym(a.setKernel, "mock_cuda_set_kernel");
      sym(a.setError, "mock_cuda_set_error");
      sym(a.setMemoryLimit, "mock_cuda_set_memory_limit");
      sym(a.setTotalMemory, "mock_cuda_set_total_memory");
      sym(a.failPinned, "mock_cuda_fail_pinned");
      sym(a.failNext, "mock_cuda_fail_next");
      sym(a.setStaticShared, "mock_cuda_set_static_shared");
      sym(a.lastLaunch, "mock_cuda_last_launch");
      return a;
    }();
    return api;
  }
};

/// Sets an environment variable for a scope.
class EnvVar {
public:
  EnvVar(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name)) old_ = old, had_ = true;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~EnvVar() {
    if (had_) setenv(name_, old_.c_str(), 1);
    else unsetenv(name_);
  }

private:
  const char *name_;
  std::string old_;
  bool had_ = false;
};

/// A block of n doubles from pj_alloc, holding 0, 1, 2, ...
struct Block {
  pj_meminfo *m = nullptr;
  double *data = nullptr;
  explicit Block(int64_t n) {
    void *d = nullptr;
    m = pj_alloc(n * 8, &d);
    data = static_cast<double *>(d);
    for (int64_t i = 0; i < n; ++i) data[i] = static_cast<double>(i);
  }
  ~Block() { pj_decref(m); }
  int64_t bytes() const { return static_cast<int64_t>(m->size); }
};

/// An array argument: the host's {meminfo, data, shape, strides} and its pj_cuda_arg.
struct Array {
  std::vector<int64_t> words;
  pj_cuda_arg arg{};
  Array(pj_meminfo *m, void *data, std::vector<int64_t> shape, std::vector<int64_t> strides, bool writes) {
    words = {reinterpret_cast<int64_t>(m), reinterpret_cast<int64_t>(data)};
    words.insert(words.end(), shape.begin(), shape.end());
    words.insert(words.end(), strides.begin(), strides.end());
    arg = {PJ_CUDA_ARG_ARRAY, static_cast<int32_t>(shape.size()), 8, words.data(), writes ? 1 : 0};
  }
  Array(const Block &b, int64_t n, bool writes) : Array(b.m, b.data, {n}, {8}, writes) {}
};

pj_cuda_arg scalar(const double &v) { return {PJ_CUDA_ARG_SCALAR, 0, 8, &v, 0}; }

// The device code the mock "compiles": it only looks for .entry NAME and __pj_cuda_error.
const char *kPtx = ".version 8.0\n.target sm_90\n.address_size 64\n"
                   ".visible .global .align 8 .b8 __pj_cuda_error[40];\n"
                   ".visible .entry scale(.param .align 8 .b8 a[32], .param .f64 f)\n{\n ret;\n}\n"
                   ".visible .entry scale2d(.param .align 8 .b8 a[48], .param .f64 f)\n{\n ret;\n}\n"
                   ".visible .entry add(.param .align 8 .b8 o[32], .param .align 8 .b8 x[32], "
                   ".param .align 8 .b8 y[32])\n{\n ret;\n}\n";
const char *const kMessages[] = {"division by zero", "index {0} is out of bounds for axis {1} with size {2}"};
const pj_cuda_module kModule = {kPtx, "kern.py", kMessages, 2};

int gNonNullMeminfo = 0; // views the kernels saw with a meminfo (there should be none)

double &at(char *data, int64_t offset) { return *reinterpret_cast<double *>(data + offset); }

// The emulated kernels: each thread's work done by one host loop, over the
// view the kernel receives ({NULL, device data, shape, strides}).
void scaleKernel(void **params, const unsigned *, const unsigned *) {
  auto *v = static_cast<int64_t *>(params[0]);
  double f = *static_cast<double *>(params[1]);
  gNonNullMeminfo += v[0] != 0;
  for (int64_t i = 0; i < v[2]; ++i) at(reinterpret_cast<char *>(v[1]), i * v[3]) *= f;
}

void scale2dKernel(void **params, const unsigned *, const unsigned *) {
  auto *v = static_cast<int64_t *>(params[0]);
  double f = *static_cast<double *>(params[1]);
  gNonNullMeminfo += v[0] != 0;
  for (int64_t i = 0; i < v[2]; ++i)
    for (int64_t j = 0; j < v[3]; ++j) at(reinterpret_cast<char *>(v[1]), i * v[4] + j * v[5]) *= f;
}

void addKernel(void **params, const unsigned *, const unsigned *) {
  int64_t *o = static_cast<int64_t *>(params[0]), *x = static_cast<int64_t *>(params[1]),
          *y = static_cast<int64_t *>(params[2]);
  gNonNullMeminfo += (o[0] != 0) + (x[0] != 0) + (y[0] != 0);
  for (int64_t i = 0; i < o[2]; ++i)
    at(reinterpret_cast<char *>(o[1]), i * o[3]) =
        at(reinterpret_cast<char *>(x[1]), i * x[3]) + at(reinterpret_cast<char *>(y[1]), i * y[3]);
}

int32_t launch(const char *name, std::vector<pj_cuda_arg> args, std::array<int64_t, 3> grid = {1, 1, 1},
               std::array<int64_t, 3> block = {32, 1, 1}, const pj_cuda_module *module = &kModule,
               int64_t sharedBytes = 0) {
  return pj_cuda_launch(module, name, name, grid.data(), block.data(), sharedBytes, static_cast<int32_t>(args.size()),
                        args.data());
}

/// A launch of `name` with `sharedBytes` of dynamic shared memory.
int32_t launchShared(const char *name, std::vector<pj_cuda_arg> args, int64_t sharedBytes) {
  return launch(name, std::move(args), {1, 1, 1}, {32, 1, 1}, &kModule, sharedBytes);
}

/// The device pool's size for a request of n bytes: 512-byte multiples below 1 MiB, 2 MiB multiples above.
int64_t rounded(int64_t n) {
  int64_t unit = n < (int64_t(1) << 20) ? 512 : int64_t(2) << 20;
  return (n + unit - 1) / unit * unit;
}

/// The pending error as "KindName: message" ("" when none).
std::string error() {
  PendingError e;
  if (!takeError(e)) return "";
  return std::string(PendingError::kindName(e.kind)) + ": " + e.message;
}

class CudaMock : public ::testing::Test {
protected:
  MockApi &mock = MockApi::get();
  EnvVar library{"PARJIT_CUDA_LIBRARY", PARJIT_MOCK_CUDA_LIBRARY};
  EnvVar noDevice{"MOCK_CUDA_NO_DEVICE", nullptr};
  EnvVar ordinal{"PARJIT_CUDA_DEVICE", nullptr};

  void SetUp() override {
    ASSERT_NE(mock.handle, nullptr) << dlerror();
    cudaResetForTests();
    mock.reset();
    mock.setKernel("scale", scaleKernel);
    mock.setKernel("scale2d", scale2dKernel);
    mock.setKernel("add", addKernel);
    gNonNullMeminfo = 0;
    error();
  }
  void TearDown() override {
    EXPECT_EQ(gNonNullMeminfo, 0) << "a kernel received an array with its meminfo";
    cudaResetForTests();
  }
  mock_cuda_stats stats() { return mock.stats(); }
};

TEST(CudaNoDevice, MissingLibraryRaisesRuntimeError) {
  EnvVar library("PARJIT_CUDA_LIBRARY", "/nonexistent/libcuda-missing.so.1");
  cudaResetForTests();
  const std::string reason = "/nonexistent/libcuda-missing.so.1 cannot be loaded (/nonexistent/libcuda-missing.so.1: "
                             "cannot open shared object file: No such file or directory)";
  CudaDeviceInfo info = cudaDeviceInfo();
  EXPECT_FALSE(info.available);
  EXPECT_EQ(info.reason, reason);
  EXPECT_EQ(info.library, "/nonexistent/libcuda-missing.so.1");
  EXPECT_EQ(cudaDescription(), "none: " + reason);

  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "RuntimeError: no CUDA device: " + reason);
  // Never on a device: nothing to do, nothing raised.
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(pj_cuda_host_wrote(a.m), 0);
  EXPECT_EQ(error(), "");
  EXPECT_EQ(a.data[3], 3);
  cudaResetForTests();
}

TEST_F(CudaMock, NoDeviceWhenCuInitFails) {
  EnvVar off("MOCK_CUDA_NO_DEVICE", "1");
  cudaResetForTests();
  EXPECT_FALSE(cudaDeviceInfo().available);
  double f = 2;
  EXPECT_EQ(launch("scale", {scalar(f)}), 1);
  EXPECT_EQ(error(), "RuntimeError: no CUDA device: cuInit failed: CUDA_ERROR_NO_DEVICE (no CUDA-capable device is "
                     "detected)");
}

TEST_F(CudaMock, DeviceFromEnvironment) {
  {
    EnvVar dev("PARJIT_CUDA_DEVICE", "3");
    cudaResetForTests();
    EXPECT_EQ(cudaDeviceInfo().reason, "device 3 does not exist (1 device)");
  }
  {
    EnvVar dev("PARJIT_CUDA_DEVICE", "gpu0");
    cudaResetForTests();
    EXPECT_EQ(cudaDeviceInfo().reason, "PARJIT_CUDA_DEVICE=gpu0 is not a device number");
  }
  EnvVar dev("PARJIT_CUDA_DEVICE", "0");
  cudaResetForTests();
  EXPECT_TRUE(cudaDeviceInfo().available);
}

TEST_F(CudaMock, DeviceInfoAndDescription) {
  CudaDeviceInfo info = cudaDeviceInfo();
  ASSERT_TRUE(info.available) << info.reason;
  EXPECT_EQ(info.name, "parjit mock GPU");
  EXPECT_EQ(info.major, 9);
  EXPECT_EQ(info.minor, 0);
  EXPECT_EQ(info.totalMemory, int64_t(80) << 30);
  EXPECT_EQ(info.driverVersion, 13000);
  EXPECT_EQ(cudaDescription(), std::string("parjit mock GPU (sm_90, 80.0 GiB), driver 13.0, ") + PARJIT_MOCK_CUDA_LIBRARY);
  EXPECT_EQ(stats().launches, 0); // asking allocates nothing and launches nothing
  EXPECT_EQ(stats().pinned_allocs, 0);
}

TEST_F(CudaMock, UploadsOnceAndCopiesBackOnce) {
  Block a(1000);
  Array arr(a, 1000, true);
  double f = 2;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, a.bytes());
  EXPECT_EQ(stats().allocs, 1);
  EXPECT_EQ(a.data[7], 7); // the result stays on the device until the host needs it
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, a.bytes());
  EXPECT_EQ(stats().dtoh_bytes, 0);
  EXPECT_EQ(stats().allocs, 1);

  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, a.bytes());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.data[i], 4.0 * i) << i;
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, a.bytes());

  // The host writes: the next launch uploads again.
  EXPECT_EQ(pj_cuda_host_wrote(a.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, a.bytes()); // both copies were equal: nothing to copy back
  a.data[0] = 100;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, 2 * a.bytes());
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(a.data[0], 200);
  EXPECT_EQ(a.data[5], 40);
  EXPECT_EQ(error(), "");
}

TEST_F(CudaMock, HostWriteAfterAKernelCopiesBackFirst) {
  Block a(100);
  Array arr(a, 100, true);
  double f = 3;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  // The host is about to store a[0]: the rest of a must be the kernel's.
  EXPECT_EQ(pj_cuda_host_wrote(a.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, a.bytes());
  a.data[0] = 1;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(a.data[0], 3);
  EXPECT_EQ(a.data[10], 90);
}

TEST_F(CudaMock, ReadOnlyArgumentsAreNeverCopiedBack) {
  Block out(64), x(64), y(64);
  Array o(out, 64, true), xa(x, 64, false), ya(y, 64, false);
  ASSERT_EQ(launch("add", {o.arg, xa.arg, ya.arg}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, 3 * out.bytes());
  EXPECT_EQ(pj_cuda_to_host(x.m), 0);
  EXPECT_EQ(pj_cuda_to_host(y.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, 0);
  EXPECT_EQ(pj_cuda_to_host(out.m), 0);
  EXPECT_EQ(stats().dtoh_bytes, out.bytes());
  EXPECT_EQ(out.data[21], 42);
  // Nothing changed on either side: a second launch copies nothing.
  ASSERT_EQ(launch("add", {o.arg, xa.arg, ya.arg}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, 3 * out.bytes());
}

TEST_F(CudaMock, ViewsPointIntoTheDeviceCopyOfTheirBlock) {
  Block a(100), out(90);
  Array tail(a.m, a.data + 10, {90}, {8}, true); // a[10:]
  Array tailRead(a.m, a.data + 10, {90}, {8}, false), whole(a, 100, false), o(out, 90, true);
  double f = 2;
  ASSERT_EQ(launch("scale", {tail.arg, scalar(f)}), 0) << error();
  // The same block twice more, through other views: it is already there.
  ASSERT_EQ(launch("add", {o.arg, tailRead.arg, whole.arg}), 0) << error();
  EXPECT_EQ(stats().htod_bytes, a.bytes() + out.bytes());
  EXPECT_EQ(stats().allocs, 2);
  EXPECT_EQ(pj_cuda_to_host(out.m), 0);
  EXPECT_EQ(out.data[0], 20);       // a[10] + a[0] = 2 * 10 + 0
  EXPECT_EQ(out.data[89], 376);     // a[99] + a[89] = 2 * 99 + 2 * 89
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(a.data[9], 9);
  EXPECT_EQ(a.data[10], 20);
}

TEST_F(CudaMock, FreeingABlockPoolsItsDeviceCopy) {
  double f = 2;
  {
    Block a(1000);
    Array arr(a, 1000, true);
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
    EXPECT_EQ(stats().live_device_bytes, rounded(a.bytes()));
  }
  // Not cuMemFree'd (it synchronizes the device): kept for the next block of its size.
  EXPECT_EQ(stats().frees, 0);
  EXPECT_EQ(stats().live_device_bytes, 8192);
  cudaResetForTests();
  EXPECT_EQ(stats().frees, 1);
  EXPECT_EQ(stats().live_device_bytes, 0);

  if (memoryStats().liveBlocks != 0) GTEST_SKIP() << "other blocks are live: not calling freeAll";
  void *data = nullptr;
  pj_meminfo *m = pj_alloc(800, &data);
  Array arr(m, data, {100}, {8}, true);
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().live_device_bytes, 1024);
  EXPECT_EQ(freeAll(), 1);
  EXPECT_EQ(stats().live_device_bytes, 1024); // pooled
  EXPECT_EQ(stats().frees, 1);
}

TEST_F(CudaMock, DeviceBlocksAreRoundedUp) {
  double f = 2;
  Block small(100); // 800 bytes (832 with the host's alignment): 1024
  Array s(small, 100, true);
  ASSERT_EQ(launch("scale", {s.arg, scalar(f)}), 0) << error();
  EXPECT_GT(small.bytes(), 512);
  EXPECT_EQ(stats().live_device_bytes, 1024);
  const int64_t n = 3 << 17; // 3 MiB of data, a block of 3 MiB + 4 KiB: 4 MiB
  Block large(n);
  Array l(large, n, true);
  ASSERT_EQ(launch("scale", {l.arg, scalar(f)}), 0) << error();
  EXPECT_GT(large.bytes(), int64_t(3) << 20);
  EXPECT_EQ(stats().live_device_bytes, 1024 + (int64_t(4) << 20));
  EXPECT_EQ(stats().htod_bytes, small.bytes() + large.bytes()); // copies move the block, not the rounding
  EXPECT_EQ(pj_cuda_to_host(large.m), 0);
  EXPECT_EQ(large.data[n - 1], 2.0 * static_cast<double>(n - 1));
}

TEST_F(CudaMock, PoolReusesBlocksOfTheSameRoundedSize) {
  double f = 2;
  {
    Block a(1000); // 8000 bytes: 8192
    Array arr(a, 1000, true);
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  }
  EXPECT_EQ(stats().allocs, 1);
  {
    Block b(1010); // 8080 bytes: 8192 again
    Array arr(b, 1010, true);
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
    EXPECT_EQ(stats().allocs, 1);
    EXPECT_EQ(pj_cuda_to_host(b.m), 0);
    EXPECT_EQ(b.data[1009], 2018); // the reused block was given b's contents first
    Block c(1100); // 8800 bytes: 9216
    Array carr(c, 1100, true);
    ASSERT_EQ(launch("scale", {carr.arg, scalar(f)}), 0) << error();
    EXPECT_EQ(stats().allocs, 2);
  }
  // A borrowed array's buffer for one launch comes from the pool too, and goes back.
  std::vector<double> v(1000, 1.0);
  Array borrowed(nullptr, v.data(), {1000}, {8}, true);
  ASSERT_EQ(launch("scale", {borrowed.arg, scalar(f)}), 0) << error();
  ASSERT_EQ(launch("scale", {borrowed.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(v[999], 4);
  EXPECT_EQ(stats().allocs, 2);
  EXPECT_EQ(stats().frees, 0);

  // An offloaded reduction's partials and a call-local output, 100 calls:
  // the device memory of the first call serves all the others.
  for (int call = 0; call < 100; ++call) {
    Block partials(64), out(1000);
    Array p(partials, 64, true), o(out, 1000, true);
    ASSERT_EQ(launch("scale", {p.arg, scalar(f)}), 0) << error();
    ASSERT_EQ(launch("scale", {o.arg, scalar(f)}), 0) << error();
    ASSERT_EQ(pj_cuda_to_host(partials.m), 0);
  }
  EXPECT_EQ(stats().allocs, 3); // the 512-byte class is new
  EXPECT_EQ(stats().frees, 0);
}

TEST_F(CudaMock, OutOfMemoryFreesThePoolFirst) {
  mock.setMemoryLimit(16384);
  double f = 2;
  {
    Block a(1000); // 8192 on the device
    Array arr(a, 1000, true);
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  }
  EXPECT_EQ(stats().live_device_bytes, 8192); // pooled
  Block b(1500); // 12000 bytes: 12288, and 8192 + 12288 > 16384
  Array arr(b, 1500, true);
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().frees, 1);
  EXPECT_EQ(stats().allocs, 2);
  EXPECT_EQ(stats().live_device_bytes, 12288);
  EXPECT_EQ(pj_cuda_to_host(b.m), 0);
  EXPECT_EQ(b.data[1499], 2998);
}

TEST_F(CudaMock, PoolIsCapped) {
  mock.setTotalMemory(64 << 10); // the pool keeps at most a quarter: 16 KiB
  double f = 2;
  EXPECT_EQ(cudaDeviceInfo().totalMemory, 64 << 10);
  auto run = [&](int64_t n) {
    Block a(n);
    Array arr(a, n, true);
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  };
  for (int64_t n : {512, 576, 640, 704}) run(n); // 4096, 4608, 5120, 5632 bytes: 19456 in all
  EXPECT_EQ(stats().allocs, 4);
  EXPECT_EQ(stats().frees, 1); // the oldest, 4096 bytes
  EXPECT_EQ(stats().live_device_bytes, 4608 + 5120 + 5632);
  run(576); // still pooled
  EXPECT_EQ(stats().allocs, 4);
  run(512); // gone: allocated again, and the oldest (now 5120) leaves the pool
  EXPECT_EQ(stats().allocs, 5);
  EXPECT_EQ(stats().frees, 2);
  EXPECT_EQ(stats().live_device_bytes, 4608 + 5632 + 4096);
  run(2500); // 20480 bytes: more than the pool keeps, freed at once, the pool left alone
  EXPECT_EQ(stats().allocs, 6);
  EXPECT_EQ(stats().frees, 3);
  EXPECT_EQ(stats().live_device_bytes, 4608 + 5632 + 4096);
  cudaResetForTests(); // frees the pool
  EXPECT_EQ(stats().frees, 6);
  EXPECT_EQ(stats().live_device_bytes, 0);
}

TEST_F(CudaMock, SharedMemoryReachesTheLaunch) {
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 1024), 0) << error();
  EXPECT_EQ(mock.lastLaunch().shared, 1024u);
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 49152), 0) << error(); // 48 KiB: no opt-in needed
  EXPECT_EQ(mock.lastLaunch().shared, 49152u);
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(mock.lastLaunch().shared, 0u);
  EXPECT_EQ(stats().func_set_attribute_calls, 0);
}

TEST_F(CudaMock, LargeSharedMemoryOptsInOncePerKernelAndSize) {
  Block a(10), b(10), c(10);
  Array arr(a, 10, true), o(b, 10, true), x(c, 10, false);
  double f = 2;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 64 << 10), 0) << error();
  EXPECT_EQ(mock.lastLaunch().shared, 65536u);
  EXPECT_EQ(stats().func_set_attribute_calls, 1);
  EXPECT_EQ(stats().launches, 3);
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 50000), 0) << error(); // within what is set
  EXPECT_EQ(stats().func_set_attribute_calls, 1);
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 232448), 0) << error(); // more: set again, to the most
  EXPECT_EQ(stats().func_set_attribute_calls, 2);
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 64 << 10), 0) << error();
  EXPECT_EQ(stats().func_set_attribute_calls, 2);
  ASSERT_EQ(launchShared("add", {o.arg, x.arg, x.arg}, 64 << 10), 0) << error(); // another kernel: its own
  EXPECT_EQ(stats().func_set_attribute_calls, 3);
  EXPECT_EQ(mock.lastLaunch().shared, 65536u);

  // A failed cuFuncSetAttribute raises and is tried again by the next launch.
  mock.failNext("cuFuncSetAttribute", 1);
  EXPECT_EQ(launchShared("scale2d", {scalar(f), scalar(f)}, 100000), 1);
  EXPECT_EQ(error(), "RuntimeError: cuFuncSetAttribute(scale2d, MAX_DYNAMIC_SHARED_SIZE_BYTES) failed: "
                     "CUDA_ERROR_INVALID_VALUE (invalid argument)");
  EXPECT_EQ(stats().launches, 7);
  mock.setKernel("scale2d", nullptr);
  ASSERT_EQ(launchShared("scale2d", {scalar(f), scalar(f)}, 100000), 0) << error();
  EXPECT_EQ(stats().func_set_attribute_calls, 5);
  EXPECT_EQ(stats().launches, 8);
}

TEST_F(CudaMock, StaticSharedArraysCountTowardsTheOptIn) {
  // 16 KiB of static arrays: 40 KiB of dynamic memory needs the opt-in
  // (48 KiB in all), 32 KiB does not; the device's limit counts both.
  mock.setStaticShared("scale", 16 << 10);
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 32 << 10), 0) << error();
  EXPECT_EQ(stats().func_set_attribute_calls, 0);
  ASSERT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 40 << 10), 0) << error();
  EXPECT_EQ(stats().func_set_attribute_calls, 1);
  EXPECT_EQ(mock.lastLaunch().shared, 40960u);
  EXPECT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 220000), 1);
  EXPECT_EQ(error(), "ValueError: too much dynamic shared memory: 220000 bytes beside 16384 bytes of static shared "
                     "arrays, the device allows at most 232448 per block");
}

TEST_F(CudaMock, InvalidSharedMemorySizesRaiseValueError) {
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  EXPECT_EQ(launchShared("scale", {arr.arg, scalar(f)}, -1), 1);
  EXPECT_EQ(error(), "ValueError: dynamic shared memory size must be non-negative, got -1");
  EXPECT_EQ(launchShared("scale", {arr.arg, scalar(f)}, 232449), 1);
  EXPECT_EQ(error(), "ValueError: too much dynamic shared memory: 232449 bytes, the device allows at most 232448 per "
                     "block");
  EXPECT_EQ(launchShared("scale", {arr.arg, scalar(f)}, int64_t(1) << 40), 1);
  EXPECT_EQ(error(), "ValueError: too much dynamic shared memory: 1099511627776 bytes, the device allows at most "
                     "232448 per block");
  EXPECT_EQ(stats().launches, 0);
  EXPECT_EQ(stats().func_set_attribute_calls, 0);
  EXPECT_EQ(stats().htod_calls, 0); // checked before anything moves
}

TEST_F(CudaMock, BorrowedArraysRoundTrip) {
  std::vector<double> v(10);
  for (int i = 0; i < 10; ++i) v[i] = i;
  double f = 3;
  Array forward(nullptr, v.data(), {10}, {8}, true);
  ASSERT_EQ(launch("scale", {forward.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(v[9], 27); // copied back at once: the host owns the memory
  EXPECT_EQ(stats().htod_bytes, 80);
  EXPECT_EQ(stats().dtoh_bytes, 80);
  EXPECT_EQ(stats().live_device_bytes, 512); // the buffer, back in the pool

  // v[::-1]: data at the last element, a negative stride.
  f = 2;
  Array reversed(nullptr, &v[9], {10}, {-8}, true);
  ASSERT_EQ(launch("scale", {reversed.arg, scalar(f)}), 0) << error();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(v[i], 6.0 * i) << i;
  EXPECT_EQ(stats().htod_bytes, 160);

  // w.reshape(4, 6)[:, 1::2]: 3 columns of 4 rows, spanning w[1] .. w[23].
  std::vector<double> w(24);
  for (int i = 0; i < 24; ++i) w[i] = i;
  f = 10;
  Array columns(nullptr, &w[1], {4, 3}, {48, 16}, true);
  ASSERT_EQ(launch("scale2d", {columns.arg, scalar(f)}), 0) << error();
  for (int i = 0; i < 24; ++i) EXPECT_EQ(w[i], i % 2 ? 10.0 * i : i) << i;
  EXPECT_EQ(stats().htod_bytes, 160 + 23 * 8);

  // Read-only: the kernel's stores stay on the device.
  Array readOnly(nullptr, v.data(), {10}, {8}, false);
  ASSERT_EQ(launch("scale", {readOnly.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(v[1], 6);
  EXPECT_EQ(stats().dtoh_bytes, 80 + 80 + 23 * 8);

  // Every buffer so far was the same pooled 512 bytes.
  EXPECT_EQ(stats().allocs, 1);
  EXPECT_EQ(stats().frees, 0);

  // Empty: no device memory at all.
  cudaResetForTests();
  Array empty(nullptr, v.data(), {0}, {8}, true);
  int64_t allocs = stats().allocs;
  ASSERT_EQ(launch("scale", {empty.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(stats().allocs, allocs);
  EXPECT_EQ(stats().live_device_bytes, 0);
}

TEST_F(CudaMock, DeviceErrorBecomesTheException) {
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  pj_cuda_error_record rec{PJ_EXC_INDEX, 7, 1, 0, {10, 0, 10}};
  mock.setError(&rec);
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  PendingError e;
  ASSERT_TRUE(takeError(e));
  EXPECT_EQ(e.kind, PJ_EXC_INDEX);
  EXPECT_EQ(e.message, "index 10 is out of bounds for axis 0 with size 10");
  ASSERT_EQ(e.frames.size(), 1u);
  EXPECT_EQ(e.frames[0].file, "kern.py");
  EXPECT_EQ(e.frames[0].line, 7);
  EXPECT_EQ(e.frames[0].function, "scale");
  // The record was cleared: the next launch succeeds.
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();

  pj_cuda_error_record zero{PJ_EXC_ZERO_DIVISION, 3, 0, 0, {0, 0, 0}};
  mock.setError(&zero);
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "ZeroDivisionError: division by zero");
  pj_cuda_error_record bad{PJ_EXC_VALUE, 3, 9, 0, {0, 0, 0}};
  mock.setError(&bad);
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "ValueError: error 9 in device code");
}

TEST_F(CudaMock, InvalidDimensionsRaiseValueError) {
  double f = 2;
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, 1, 1}, {2048, 1, 1}), 1);
  EXPECT_EQ(error(), "ValueError: block dimension x must be at most 1024, got 2048");
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, 1, 1}, {32, 32, 2}), 1);
  EXPECT_EQ(error(), "ValueError: too many threads per block: block (32, 32, 2) has 2048, at most 1024");
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, 1, 1}, {0, 1, 1}), 1);
  EXPECT_EQ(error(), "ValueError: block dimensions must be positive, got (0, 1, 1)");
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, -1, 1}, {32, 1, 1}), 1);
  EXPECT_EQ(error(), "ValueError: grid dimensions must be positive, got (1, -1, 1)");
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, 70000, 1}, {32, 1, 1}), 1);
  EXPECT_EQ(error(), "ValueError: grid dimension y must be at most 65535, got 70000");
  EXPECT_EQ(stats().launches, 0);
}

TEST_F(CudaMock, ModuleLoadFailureShowsTheLog) {
  const pj_cuda_module broken = {"not ptx at all", "kern.py", nullptr, 0};
  double f = 2;
  EXPECT_EQ(launch("scale", {scalar(f)}, {1, 1, 1}, {1, 1, 1}, &broken), 1);
  EXPECT_EQ(error(), "RuntimeError: cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX (a PTX JIT compilation failed):\n"
                     "ptxas application ptx input, line 1; error   : no .entry in the module");
  EXPECT_EQ(launch("missing", {scalar(f)}), 1);
  EXPECT_EQ(error(), "RuntimeError: cuModuleGetFunction(missing) failed: CUDA_ERROR_NOT_FOUND (named symbol not found)");
}

TEST_F(CudaMock, ModulesLoadOnceAndLaunchesGetTheirDimensions) {
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}, {4, 2, 1}, {128, 1, 1}), 0) << error();
  EXPECT_EQ(stats().module_loads, 1);
  mock_cuda_launch last = mock.lastLaunch();
  EXPECT_STREQ(last.name, "scale");
  EXPECT_EQ(last.grid[0], 4u);
  EXPECT_EQ(last.grid[1], 2u);
  EXPECT_EQ(last.block[0], 128u);
  const pj_cuda_module other = {kPtx, "other.py", kMessages, 2};
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}, {1, 1, 1}, {32, 1, 1}, &other), 0) << error();
  EXPECT_EQ(stats().module_loads, 2);
}

TEST_F(CudaMock, DriverErrorsNameTheCall) {
  Block a(10);
  Array arr(a, 10, true);
  double f = 2;
  mock.failNext("cuLaunchKernel", 700);
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "RuntimeError: cuLaunchKernel(scale) failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory "
                     "access was encountered)");
  mock.failNext("cuCtxSynchronize", 700);
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "RuntimeError: cuCtxSynchronize (kernel scale) failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal "
                     "memory access was encountered)");
  mock.failNext("cuMemcpyDtoHAsync", 700);
  EXPECT_EQ(pj_cuda_to_host(a.m), 1);
  EXPECT_EQ(error(), "RuntimeError: cuMemcpyDtoHAsync failed: CUDA_ERROR_ILLEGAL_ADDRESS (an illegal memory access "
                     "was encountered)");
  // Still device-newer: a later copy succeeds (the kernel ran once, before the failed synchronization).
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(a.data[3], 6);
}

TEST_F(CudaMock, OutOfDeviceMemory) {
  mock.setMemoryLimit(1000);
  Block a(1000);
  Array arr(a, 1000, true);
  double f = 2;
  EXPECT_EQ(launch("scale", {arr.arg, scalar(f)}), 1);
  EXPECT_EQ(error(), "MemoryError: out of GPU memory allocating " + std::to_string(a.bytes()) + " bytes");
}

TEST_F(CudaMock, AFullDeviceDropsCopiesNotInUse) {
  Block a(1000), b(1000);
  mock.setMemoryLimit(a.bytes() * 3 / 2); // room for one of them
  Array ra(a, 1000, false), wb(b, 1000, true), wa(a, 1000, true);
  double f = 2;
  ASSERT_EQ(launch("scale", {ra.arg, scalar(f)}), 0) << error(); // a: both copies equal
  ASSERT_EQ(launch("scale", {wb.arg, scalar(f)}), 0) << error(); // a dropped, b device-newer
  EXPECT_EQ(stats().live_device_bytes, rounded(b.bytes())); // a's device block, reused
  EXPECT_EQ(stats().allocs, 1);
  EXPECT_EQ(stats().dtoh_bytes, 0);
  ASSERT_EQ(launch("scale", {wa.arg, scalar(f)}), 0) << error(); // b copied back, then dropped
  EXPECT_EQ(stats().dtoh_bytes, b.bytes());
  EXPECT_EQ(b.data[5], 10);
  EXPECT_EQ(pj_cuda_to_host(b.m), 0);
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(a.data[5], 10); // the first, read-only launch left the host copy alone
  EXPECT_EQ(b.data[5], 10);
}

TEST_F(CudaMock, LargeTransfersAreStagedInChunks) {
  const int64_t n = 5 << 20; // 40 MiB: three 16 MiB chunks
  Block a(n);
  Array arr(a, n, true);
  double f = 2;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  int64_t chunks = (a.bytes() + (16 << 20) - 1) / (16 << 20);
  EXPECT_EQ(chunks, 3);
  EXPECT_EQ(stats().htod_calls, chunks);
  EXPECT_EQ(stats().htod_bytes, a.bytes());
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(stats().dtoh_calls, chunks);
  EXPECT_EQ(stats().async_copies, 2 * chunks);
  EXPECT_EQ(stats().unpinned_async_copies, 0);
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(a.data[i], 2.0 * static_cast<double>(i)) << i;
}

TEST_F(CudaMock, WithoutPinnedMemoryCopiesArePlain) {
  mock.failPinned(1);
  const int64_t n = 5 << 20;
  Block a(n);
  Array arr(a, n, true);
  double f = 2;
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
  EXPECT_EQ(pj_cuda_to_host(a.m), 0);
  EXPECT_EQ(stats().htod_calls, 1);
  EXPECT_EQ(stats().dtoh_calls, 1);
  EXPECT_EQ(stats().async_copies, 0);
  for (int64_t i = 0; i < n; i += 4099) ASSERT_EQ(a.data[i], 2.0 * static_cast<double>(i)) << i;
}

TEST_F(CudaMock, LaunchesFromOtherThreads) {
  Block a(100);
  Array arr(a, 100, true);
  double f = 2;
  int32_t rc = -1;
  std::string err;
  std::thread([&] {
    rc = launch("scale", {arr.arg, scalar(f)});
    err = error();
  }).join();
  EXPECT_EQ(rc, 0) << err;
  std::thread([&] {
    rc = pj_cuda_to_host(a.m);
    err = error();
  }).join();
  EXPECT_EQ(rc, 0) << err;
  EXPECT_EQ(a.data[50], 100);
  ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}), 0) << error();
}

TEST_F(CudaMock, ConcurrentLaunchesAndFrees) {
  std::vector<std::thread> threads;
  std::vector<std::string> errors(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t, &errors] {
      double f = 2;
      for (int round = 0; round < 20; ++round) {
        Block a(256 + t);
        Array arr(a, 256 + t, true);
        if (launch("scale", {arr.arg, scalar(f)}) || pj_cuda_to_host(a.m)) {
          errors[t] = error();
          return;
        }
        if (a.data[100] != 200) errors[t] = "wrong result";
      } // each block freed while other threads launch
    });
  for (auto &t : threads) t.join();
  for (const std::string &e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(stats().launches, 80);
  // 2048 bytes for one thread, 2560 for three: at most one block per thread.
  EXPECT_LE(stats().allocs, 4);
  EXPECT_EQ(stats().frees, 0);
  cudaResetForTests();
  EXPECT_EQ(stats().live_device_bytes, 0);
}

// The same runtime on a real GPU (skipped without one): hand-written PTX
// (checked with ptxas for sm_90) for `scale` over a 1-D float64 view and
// for a kernel that records an IndexError.
const char *kRealPtx = R"(.version 7.0
.target sm_50
.address_size 64
.visible .global .align 8 .b8 __pj_cuda_error[40];
.visible .entry scale(.param .align 8 .b8 a[32], .param .f64 f)
{
  .reg .pred %p<2>;
  .reg .b32 %r<5>;
  .reg .b64 %rd<8>;
  .reg .f64 %fd<4>;
  ld.param.u64 %rd1, [a+8];
  ld.param.u64 %rd2, [a+16];
  ld.param.u64 %rd3, [a+24];
  ld.param.f64 %fd1, [f];
  mov.u32 %r1, %ctaid.x;
  mov.u32 %r2, %ntid.x;
  mov.u32 %r3, %tid.x;
  mad.lo.s32 %r4, %r1, %r2, %r3;
  cvt.s64.s32 %rd4, %r4;
  setp.ge.s64 %p1, %rd4, %rd2;
  @%p1 bra DONE;
  mul.lo.s64 %rd5, %rd4, %rd3;
  add.s64 %rd6, %rd1, %rd5;
  cvta.to.global.u64 %rd7, %rd6;
  ld.global.f64 %fd2, [%rd7];
  mul.f64 %fd3, %fd2, %fd1;
  st.global.f64 [%rd7], %fd3;
DONE:
  ret;
}
.visible .entry fail()
{
  .reg .b64 %rd<2>;
  mov.u64 %rd1, __pj_cuda_error;
  st.global.u32 [%rd1], 1;
  st.global.u32 [%rd1+4], 5;
  st.global.u32 [%rd1+8], 1;
  st.global.u64 [%rd1+16], 10;
  st.global.u64 [%rd1+24], 0;
  st.global.u64 [%rd1+32], 10;
  ret;
}
)";

TEST(CudaDevice, RealDriverRoundTrip) {
  EnvVar library("PARJIT_CUDA_LIBRARY", nullptr);
  cudaResetForTests();
  CudaDeviceInfo info = cudaDeviceInfo();
  if (!info.available) {
    cudaResetForTests();
    GTEST_SKIP() << "no GPU: " << info.reason;
  }
  EXPECT_GE(info.major, 5);
  EXPECT_GT(info.totalMemory, 0);
  const pj_cuda_module module = {kRealPtx, "real.py", kMessages, 2};
  const int64_t n = 5 << 20; // three staging chunks
  {
    Block a(n), b(1000);
    Array arr(a, n, true);
    double f = 2;
    int64_t blocks = (n + 255) / 256;
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}, {blocks, 1, 1}, {256, 1, 1}, &module), 0) << error();
    ASSERT_EQ(launch("scale", {arr.arg, scalar(f)}, {blocks, 1, 1}, {256, 1, 1}, &module), 0) << error();
    EXPECT_EQ(a.data[n - 1], static_cast<double>(n - 1)); // still on the device
    ASSERT_EQ(pj_cuda_to_host(a.m), 0) << error();
    for (int64_t i = 0; i < n; i += 997) ASSERT_EQ(a.data[i], 4.0 * static_cast<double>(i)) << i;
    EXPECT_EQ(a.data[n - 1], 4.0 * static_cast<double>(n - 1));

    // A borrowed, reversed view.
    std::vector<double> v(1000);
    for (int i = 0; i < 1000; ++i) v[i] = i;
    Array reversed(nullptr, &v[999], {1000}, {-8}, true);
    ASSERT_EQ(launch("scale", {reversed.arg, scalar(f)}, {4, 1, 1}, {256, 1, 1}, &module), 0) << error();
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(v[i], 2.0 * i) << i;
  }

  EXPECT_EQ(launch("fail", {}, {1, 1, 1}, {1, 1, 1}, &module), 1);
  PendingError e;
  ASSERT_TRUE(takeError(e));
  EXPECT_EQ(e.kind, PJ_EXC_INDEX);
  EXPECT_EQ(e.message, "index 10 is out of bounds for axis 0 with size 10");
  ASSERT_EQ(e.frames.size(), 1u);
  EXPECT_EQ(e.frames[0].line, 5);

  const pj_cuda_module broken = {".version 7.0\n.target sm_50\n.address_size 64\n.visible .entry k() { bogus; }\n",
                                 "real.py", nullptr, 0};
  EXPECT_EQ(launch("k", {}, {1, 1, 1}, {1, 1, 1}, &broken), 1);
  EXPECT_EQ(error().rfind("RuntimeError: cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX", 0), 0u);
  cudaResetForTests();
}

} // namespace
