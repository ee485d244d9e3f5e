#include "jit/JIT.h"
#include "Runtime.h"
#include "target/Target.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include <cstring>

using namespace llvm;
using namespace llvm::orc;

namespace parjit {

#if PARJIT_TSAN
// LLVM's ThreadSanitizer pass calls these for memset/memcpy/memmove; GCC's
// libtsan does not define them, but it intercepts the libc functions.
namespace {
extern "C" void *pjTsanMemset(void *d, int c, size_t n) { return memset(d, c, n); }
extern "C" void *pjTsanMemcpy(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
extern "C" void *pjTsanMemmove(void *d, const void *s, size_t n) { return memmove(d, s, n); }
} // namespace
#endif

Expected<std::unique_ptr<JIT>> JIT::create() {
  auto jtmb = hostTargetBuilder(2);
  if (!jtmb) return jtmb.takeError();
  auto jit = LLJITBuilder().setJITTargetMachineBuilder(std::move(*jtmb)).create();
  if (!jit) return jit.takeError();
  auto e = std::unique_ptr<JIT>(new JIT);
  e->jit_ = std::move(*jit);
  JITDylib &jd = e->jit_->getMainJITDylib();
  SymbolMap syms;
  for (auto &[name, addr] : rt::symbols())
    syms[e->jit_->mangleAndIntern(name)] = {ExecutorAddr::fromPtr(addr), JITSymbolFlags::Exported};
#if PARJIT_TSAN
  syms[e->jit_->mangleAndIntern("__tsan_memset")] = {ExecutorAddr::fromPtr(&pjTsanMemset), JITSymbolFlags::Exported};
  syms[e->jit_->mangleAndIntern("__tsan_memcpy")] = {ExecutorAddr::fromPtr(&pjTsanMemcpy), JITSymbolFlags::Exported};
  syms[e->jit_->mangleAndIntern("__tsan_memmove")] = {ExecutorAddr::fromPtr(&pjTsanMemmove), JITSymbolFlags::Exported};
#endif
  if (Error err = jd.define(absoluteSymbols(std::move(syms)))) return std::move(err);
  // libm (erf, atan2, ...) and libmvec (vectorized exp, log, ...) come from
  // the process; vectorMathLibrary() loads the latter.
  (void)vectorMathLibrary();
  auto gen = DynamicLibrarySearchGenerator::GetForCurrentProcess(e->jit_->getDataLayout().getGlobalPrefix());
  if (!gen) return gen.takeError();
  jd.addGenerator(std::move(*gen));
  return e;
}

Error JIT::addObject(std::unique_ptr<MemoryBuffer> object) { return jit_->addObjectFile(std::move(object)); }

Expected<void *> JIT::lookup(StringRef name) {
  auto addr = jit_->lookup(name);
  if (!addr) return addr.takeError();
  return addr->toPtr<void *>();
}

} // namespace parjit
