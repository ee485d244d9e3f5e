// The GPU target: PTX for NVIDIA GPUs through LLVM's NVPTX backend, with
// NVIDIA's libdevice for math. Needs no CUDA driver: PTX is text, loaded by
// the runtime (runtime/cuda.cpp) when a kernel first runs.
#include "Runtime.h"
#include "target/Target.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/IPO/Internalize.h"
#include <cstdlib>
#include <mutex>

extern "C" {
void LLVMInitializeNVPTXTargetInfo();
void LLVMInitializeNVPTXTarget();
void LLVMInitializeNVPTXTargetMC();
void LLVMInitializeNVPTXAsmPrinter();
}

using namespace llvm;

namespace parjit {

static const char *kTriple = "nvptx64-nvidia-cuda";

std::string cudaDefaultArch() {
  rt::CudaDeviceInfo d = rt::cudaDeviceInfo();
  if (d.available && d.major > 0) return "sm_" + std::to_string(d.major) + std::to_string(d.minor);
  return "sm_80";
}

Expected<std::unique_ptr<TargetMachine>> cudaTargetMachine(const std::string &arch, int optLevel) {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
  std::string err;
  const Target *t = TargetRegistry::lookupTarget(kTriple, err);
  if (!t) return createStringError(inconvertibleErrorCode(), "the NVPTX target is not available: " + err);
  std::string cpu = arch.empty() ? cudaDefaultArch() : arch;
  std::unique_ptr<MCSubtargetInfo> sti(t->createMCSubtargetInfo(kTriple, cpu, ""));
  if (cpu.rfind("sm_", 0) != 0 || !sti || !sti->isCPUStringValid(cpu))
    return createStringError(inconvertibleErrorCode(), "unknown GPU architecture '" + cpu + "' (use sm_80, sm_90, ...)");
  TargetOptions opts;
  opts.AllowFPOpFusion = FPOpFusion::Strict; // the same bits as the CPU where the math allows
  auto level = optLevel <= 0 ? CodeGenOptLevel::None : optLevel == 1 ? CodeGenOptLevel::Less
               : optLevel == 2 ? CodeGenOptLevel::Default : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> tm(t->createTargetMachine(kTriple, cpu, "", opts, std::nullopt, std::nullopt, level));
  if (!tm) return createStringError(inconvertibleErrorCode(), "cannot create the NVPTX target machine for " + cpu);
  return tm;
}

bool linkLibdevice(Module &m, std::string &err) {
  bool needed = false;
  for (Function &f : m) needed |= f.isDeclaration() && f.getName().starts_with("__nv_");
  if (needed) {
    const char *env = std::getenv("PARJIT_LIBDEVICE");
    std::string path = env && *env ? env : "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
    auto buf = MemoryBuffer::getFile(path);
    if (!buf) {
      err = "cannot read libdevice (" + path + "): " + buf.getError().message() +
            "; set PARJIT_LIBDEVICE to the CUDA toolkit's nvvm/libdevice/libdevice.10.bc";
      return false;
    }
    auto lib = parseBitcodeFile((*buf)->getMemBufferRef(), m.getContext());
    if (!lib) {
      err = "cannot parse libdevice (" + path + "): " + toString(lib.takeError());
      return false;
    }
    (*lib)->setTargetTriple(m.getTargetTriple());
    (*lib)->setDataLayout(m.getDataLayout());
    if (Linker::linkModules(m, std::move(*lib), Linker::LinkOnlyNeeded)) {
      err = "cannot link libdevice (" + path + ")";
      return false;
    }
  }
  // Only the kernels and the error record are visible: the rest may be
  // inlined and removed.
  internalizeModule(m, [](const GlobalValue &g) {
    if (auto *f = dyn_cast<Function>(&g)) return f->getCallingConv() == CallingConv::PTX_Kernel;
    return g.getName() == "__pj_cuda_error";
  });
  // libdevice asks __nvvm_reflect("__CUDA_FTZ"): no flush to zero.
  m.addModuleFlag(Module::Override, "nvvm-reflect-ftz", uint32_t(0));
  return true;
}

bool emitPTX(Module &m, TargetMachine &tm, std::string &out, std::string &err) {
  out.clear();
  raw_string_ostream os(out);
  buffer_ostream bos(os);
  legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, bos, nullptr, CodeGenFileType::AssemblyFile)) {
    err = "the NVPTX target cannot emit PTX";
    return false;
  }
  pm.run(m);
  return true;
}

} // namespace parjit
