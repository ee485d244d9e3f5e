#include "target/Target.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <vector>

using namespace llvm;

namespace parjit {

static void initTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

Expected<orc::JITTargetMachineBuilder> hostTargetBuilder(int optLevel) {
  initTargets();
  auto jtmb = orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) return jtmb.takeError();
  jtmb->setCodeGenOptLevel(optLevel <= 0 ? CodeGenOptLevel::None
                           : optLevel == 1 ? CodeGenOptLevel::Less
                           : optLevel == 2 ? CodeGenOptLevel::Default
                                           : CodeGenOptLevel::Aggressive);
  // Bit-identical results with CPython: never fuse a*b+c unless fastmath asks.
  jtmb->getOptions().AllowFPOpFusion = FPOpFusion::Strict;
  // Objects that the JIT links, and that `parjit compile` links into a
  // shared library, alike.
  jtmb->setRelocationModel(Reloc::PIC_);
  jtmb->setCodeModel(CodeModel::Small);
  return jtmb;
}

Expected<std::unique_ptr<TargetMachine>> hostTargetMachine(int optLevel) {
  auto jtmb = hostTargetBuilder(optLevel);
  if (!jtmb) return jtmb.takeError();
  return jtmb->createTargetMachine();
}

std::string hostTargetDescription() {
  initTargets();
  std::string s = sys::getHostCPUName().str();
  StringMap<bool> features = sys::getHostCPUFeatures();
  std::string simd;
  for (const char *f : {"sse4.2", "avx", "avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"})
    if (features.lookup(f)) simd += std::string(simd.empty() ? "" : " ") + f;
  return s + " (" + simd + ")";
}

std::string hostTargetKey() {
  initTargets();
  std::string s = sys::getProcessTriple() + " " + sys::getHostCPUName().str();
  StringMap<bool> features = sys::getHostCPUFeatures();
  std::vector<std::string> on;
  for (auto &f : features)
    if (f.getValue()) on.push_back(f.getKey().str());
  std::sort(on.begin(), on.end());
  for (auto &f : on) s += " +" + f;
  return s;
}

const char *vectorMathLibrary() {
  static const char *name = [] () -> const char * {
    if (const char *off = std::getenv("PARJIT_VECTOR_MATH"); off && std::string(off) == "0") return "";
    if (Triple(sys::getProcessTriple()).getArch() != Triple::x86_64) return "";
    std::string err;
    // Loaded for good, so that the JIT's process symbol search finds it.
    return sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1", &err) ? "" : "libmvec.so.1";
  }();
  return name;
}

} // namespace parjit
