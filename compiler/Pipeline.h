// One compilation of one source file, and the pipeline that drives it.
#pragma once
#include "codegen/Codegen.h"
#include "frontend/AST.h"
#include "parallel/ParallelPlan.h"
#include "support/Diagnostics.h"
#include "typed/TypedProgram.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parjit {

enum class Stage { Parse, TypeCheck, EmitLLVM, Optimize, Object };

/// An optimization remark from LLVM (the loop vectorizer's, for explain).
struct OptRemark {
  enum Kind { Passed, Missed, Analysis } kind = Passed;
  std::string pass, function, message;
  uint32_t line = 0, col = 0;
};

struct Compilation {
  CompileOptions opts;
  SourceManager sm;
  DiagnosticEngine diags;
  uint32_t file = 0;
  std::vector<std::string> scriptArgs; // sys.argv[1:]
  bool keepFunctions = false; // emit-llvm/emit-asm: keep every specialization as its own function
  std::optional<ast::Module> ast;
  std::unique_ptr<typed::Program> program;
  parallel::Plan parallelPlan;
  std::unique_ptr<llvm::LLVMContext> llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  std::vector<std::pair<std::string, double>> timings; // pass name, seconds
  bool collectRemarks = false;       // keep the loop vectorizer's remarks (needs opts.debugLines)
  int64_t leakedBlocks = 0;          // array blocks still referenced when the program ended
  std::vector<ExportRequest> exports; // compile these functions instead of the entry code
  std::string object;                // the machine code (an ELF object for this CPU)
  bool hasParallelLoops = false;     // the threading layer will be needed
  // The disk cache (compileToObject).
  bool useCache = false;
  std::string cacheDir;              // "": DiskCache::defaultDir()
  bool cacheHit = false;
  std::string cachedWarnings;        // a hit skips the front end: its warnings, as rendered then
  std::vector<OptRemark> remarks;
  // The GPU side (programs with @cuda.jit kernels).
  std::string gpuArch;               // --gpu-arch: "sm_80", "sm_90"; "" the device's, else sm_80
  DeviceCode device;                 // device.ptx: the PTX module the host code launches from

  Compilation(std::string fileName, std::string text, CompileOptions o = {});
};

/// Runs the compiler's stages in order up to `last`; false on the first
/// stage that reports an error (see c.diags).
bool runPipeline(Compilation &c, Stage last);

/// Produces c.object: from the disk cache when c.useCache and an entry for
/// this source, request and configuration exists (skipping every stage),
/// else by running the pipeline, then keeping the result in the cache.
bool compileToObject(Compilation &c);

/// What `parjit explain` prints: for every loop of every compiled function,
/// whether it runs in parallel (and why not), its reductions, and whether
/// LLVM vectorized it, at what width (needs collectRemarks and debugLines).
std::string explainLoops(const Compilation &c);

/// Links c.object and runs its entry code. Returns the exit status:
/// 0, or 3 after printing a Python-style traceback to `err` for an uncaught
/// exception. JIT failures are reported as diagnostics (status 1).
int runProgram(Compilation &c, std::string &err);

} // namespace parjit
