// The last stage: an optimized module to an object file, which the JIT
// links, the disk cache keeps, and `parjit compile` links into a library.
#include "codegen/Codegen.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace parjit {

bool emitObject(Module &m, TargetMachine &tm, std::string &out, std::string &err) {
  out.clear();
  raw_string_ostream os(out);
  legacy::PassManager pm;
  buffer_ostream bos(os);
  if (tm.addPassesToEmitFile(pm, bos, nullptr, CodeGenFileType::ObjectFile)) {
    err = "the target cannot emit object files";
    return false;
  }
  pm.run(m);
  return true;
}

} // namespace parjit
