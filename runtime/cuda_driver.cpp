// Loading the CUDA driver: dlopen, the entry points runtime/cuda.cpp calls,
// cuInit and the device, each failure turned into a sentence for
// "no CUDA device: ..." and `parjit info`.
#include "CudaDriver.h"
#include <cerrno>
#include <cstdlib>
#include <dlfcn.h>

namespace parjit::rt::cuda {

std::string errorText(const Driver &d, CUresult r) {
  const char *name = nullptr, *text = nullptr;
  if (d.cuGetErrorName) d.cuGetErrorName(r, &name);
  if (d.cuGetErrorString) d.cuGetErrorString(r, &text);
  std::string s = name ? name : "CUDA error " + std::to_string(r);
  if (text) s += std::string(" (") + text + ")";
  return s;
}

namespace {

bool resolve(Device &dev) {
  Driver &d = dev.d;
#define PJ_CUDA_RESOLVE(member, symbol, type)                                                                        \
  d.member = reinterpret_cast<std::add_pointer_t<type>>(dlsym(dev.handle, symbol));                                                    \
  if (!d.member) {                                                                                                  \
    dev.reason = dev.library + " has no " symbol ": not a CUDA driver, or one older than CUDA 9";                 \
    return false;                                                                                                   \
  }
  PJ_CUDA_DRIVER_FUNCTIONS(PJ_CUDA_RESOLVE)
#undef PJ_CUDA_RESOLVE
  return true;
}

bool fail(Device &dev, const char *call, CUresult r) {
  dev.reason = std::string(call) + " failed: " + errorText(dev.d, r);
  return false;
}

bool open(Device &dev) {
  const char *env = std::getenv("PARJIT_CUDA_LIBRARY");
  dev.library = env && *env ? env : "libcuda.so.1";
  dev.handle = dlopen(dev.library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!dev.handle) {
    const char *why = dlerror();
    dev.reason = dev.library + " cannot be loaded (" + (why ? why : "unknown error") + ")";
    return false;
  }
  if (!resolve(dev)) return false;
  const Driver &d = dev.d;
  if (CUresult r = d.cuInit(0)) return fail(dev, "cuInit", r);
  if (CUresult r = d.cuDriverGetVersion(&dev.driverVersion)) return fail(dev, "cuDriverGetVersion", r);

  int ordinal = 0;
  if (const char *s = std::getenv("PARJIT_CUDA_DEVICE"); s && *s) {
    char *end = nullptr;
    errno = 0;
    long v = std::strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > 1 << 20) {
      dev.reason = std::string("PARJIT_CUDA_DEVICE=") + s + " is not a device number";
      return false;
    }
    ordinal = static_cast<int>(v);
  }
  int count = 0;
  if (CUresult r = d.cuDeviceGetCount(&count)) return fail(dev, "cuDeviceGetCount", r);
  if (ordinal >= count) {
    dev.reason = "device " + std::to_string(ordinal) + " does not exist (" + std::to_string(count) +
                 (count == 1 ? " device)" : " devices)");
    return false;
  }
  if (CUresult r = d.cuDeviceGet(&dev.device, ordinal)) return fail(dev, "cuDeviceGet", r);
  char name[256] = "";
  if (CUresult r = d.cuDeviceGetName(name, sizeof name, dev.device)) return fail(dev, "cuDeviceGetName", r);
  dev.name = name;
  if (CUresult r = d.cuDeviceGetAttribute(&dev.major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev.device))
    return fail(dev, "cuDeviceGetAttribute", r);
  if (CUresult r = d.cuDeviceGetAttribute(&dev.minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev.device))
    return fail(dev, "cuDeviceGetAttribute", r);
  size_t total = 0;
  if (CUresult r = d.cuDeviceTotalMem(&total, dev.device)) return fail(dev, "cuDeviceTotalMem", r);
  dev.totalMemory = static_cast<int64_t>(total);
  return true;
}

} // namespace

void loadDevice(Device &dev) {
  unloadDevice(dev);
  dev.ready = open(dev);
  if (!dev.ready && dev.handle) {
    std::string reason = std::move(dev.reason), library = std::move(dev.library);
    unloadDevice(dev);
    dev.reason = std::move(reason);
    dev.library = std::move(library);
  }
}

void unloadDevice(Device &dev) {
  if (dev.handle) dlclose(dev.handle);
  dev = Device();
}

} // namespace parjit::rt::cuda
