// The machine code is generated for: the host CPU (its name and features).
#pragma once
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/Target/TargetMachine.h"
#include <memory>
#include <string>

namespace parjit {

/// A builder for the host's TargetMachine at -O<optLevel>, with no FP contraction.
llvm::Expected<llvm::orc::JITTargetMachineBuilder> hostTargetBuilder(int optLevel);
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> hostTargetMachine(int optLevel);
/// "skylake-avx512 (+avx512f,+avx2,...)": for `parjit info` and --version.
std::string hostTargetDescription();
/// The CPU name and every feature flag: part of the disk cache's key.
std::string hostTargetKey();
/// The vector math library generated code may call (glibc's libmvec, loaded
/// into this process), or "" when there is none: then loops over exp, log,
/// ... stay scalar.
const char *vectorMathLibrary();

} // namespace parjit

namespace parjit {

/// The GPU target: NVIDIA's PTX through LLVM's NVPTX backend.
/// `arch` is "sm_80", "sm_90", ...; "" takes the device's (or sm_80 without one).
std::string cudaDefaultArch();
llvm::Expected<std::unique_ptr<llvm::TargetMachine>> cudaTargetMachine(const std::string &arch, int optLevel);
/// Links the functions of libdevice (/usr/local/cuda/nvvm/libdevice, or
/// $PARJIT_LIBDEVICE) that `m` calls, and keeps only the kernels `m` exports.
bool linkLibdevice(llvm::Module &m, std::string &err);
/// PTX assembly text of an optimized NVPTX module.
bool emitPTX(llvm::Module &m, llvm::TargetMachine &tm, std::string &out, std::string &err);

} // namespace parjit
