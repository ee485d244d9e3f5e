// Typed program -> LLVM IR, and the optimization pipeline that follows.
#pragma once
#include "support/Source.h"
#include "parallel/ParallelPlan.h"
#include "typed/TypedProgram.h"
#include "llvm/IR/Module.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace llvm { class TargetMachine; }

namespace parjit {

/// The name of the function the runtime calls to run a program: `i32 ()`,
/// returning 0, or 1 when a Python exception is pending (see Runtime.h).
inline constexpr const char *kEntrySymbol = "__pj_main";

/// The program's GPU code, compiled before the host code that launches it.
struct DeviceCode {
  std::string ptx;                                                  // the module, for pj_cuda_launch
  std::vector<std::string> messages;                                // error messages of device code
  std::map<const typed::Specialization *, std::string> entries;     // kernel -> its PTX entry
  /// Offloaded prange loops (@jit(parallel=True, target="cuda")) -> their PTX entry.
  std::map<std::pair<const typed::Specialization *, const ast::For *>, std::string> loopEntries;
};

/// Emits one LLVM function per reachable specialization, plus kEntrySymbol;
/// kernel launches refer to `device` (null when the program has none).
std::unique_ptr<llvm::Module> emitLLVM(const typed::Program &prog, const parallel::Plan &plan,
                                       const SourceManager &sm, llvm::LLVMContext &ctx,
                                       const DeviceCode *device = nullptr);

/// The GPU side: kernels and the functions they call (prog.deviceReachable)
/// in an NVPTX module, with their entries and error messages in `out`; null
/// with `err` when the code needs what the GPU cannot do.
std::unique_ptr<llvm::Module> emitDeviceLLVM(const typed::Program &prog, const parallel::Plan &plan,
                                             const SourceManager &sm, llvm::LLVMContext &ctx, DeviceCode &out,
                                             std::string &err);

/// Runs the new pass manager's -O<level> pipeline for the target machine.
void optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, int optLevel);

/// The module as an object file for the target machine (into `out`).
bool emitObject(llvm::Module &m, llvm::TargetMachine &tm, std::string &out, std::string &err);

} // namespace parjit
