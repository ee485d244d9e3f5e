// The JIT: ORC LLJIT over the host TargetMachine, with the runtime's entry
// points in its symbol table.
#pragma once
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include <memory>

namespace parjit {

class Engine {
public:
  static llvm::Expected<std::unique_ptr<Engine>> create(int optLevel);
  /// Adds an optimized module; its external functions become callable.
  llvm::Error addModule(llvm::orc::ThreadSafeModule m);
  llvm::Expected<void *> lookup(llvm::StringRef name);

private:
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

} // namespace parjit
