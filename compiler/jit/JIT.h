// The JIT: ORC LLJIT over the host TargetMachine, with the runtime's entry
// points in its symbol table. It links object files that the pipeline
// compiled (or that the disk cache kept); it never compiles IR itself.
#pragma once
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>

namespace parjit {

class JIT {
public:
  static llvm::Expected<std::unique_ptr<JIT>> create();
  /// Links an object file; its external symbols become callable. Thread-safe.
  llvm::Error addObject(std::unique_ptr<llvm::MemoryBuffer> object);
  llvm::Expected<void *> lookup(llvm::StringRef name);

private:
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

} // namespace parjit
