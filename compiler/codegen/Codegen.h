// Typed program -> LLVM IR, and the optimization pipeline that follows.
#pragma once
#include "support/Source.h"
#include "parallel/ParallelPlan.h"
#include "typed/TypedProgram.h"
#include "llvm/IR/Module.h"
#include <memory>

namespace llvm { class TargetMachine; }

namespace parjit {

/// The name of the function the runtime calls to run a program: `i32 ()`,
/// returning 0, or 1 when a Python exception is pending (see Runtime.h).
inline constexpr const char *kEntrySymbol = "__pj_main";

/// Emits one LLVM function per reachable specialization, plus kEntrySymbol.
std::unique_ptr<llvm::Module> emitLLVM(const typed::Program &prog, const parallel::Plan &plan,
                                       const SourceManager &sm, llvm::LLVMContext &ctx);

/// Runs the new pass manager's -O<level> pipeline for the target machine.
void optimizeModule(llvm::Module &m, llvm::TargetMachine &tm, int optLevel);

/// The module as an object file for the target machine (into `out`).
bool emitObject(llvm::Module &m, llvm::TargetMachine &tm, std::string &out, std::string &err);

} // namespace parjit
