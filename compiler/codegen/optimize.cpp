// The optimization pipeline: LLVM's new pass manager at -O0..-O3, tuned for
// the host's TargetMachine so that loops vectorize to its SIMD width.
#include "codegen/Codegen.h"
#include "target/Target.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Passes/PassBuilder.h"
#if PARJIT_TSAN
#include "llvm/Transforms/Instrumentation/ThreadSanitizer.h"
#endif
#include "llvm/Target/TargetMachine.h"

using namespace llvm;

namespace parjit {

void optimizeModule(Module &m, TargetMachine &tm, int optLevel) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions pto;
  pto.LoopVectorization = optLevel >= 2;
  pto.SLPVectorization = optLevel >= 2;
  pto.LoopUnrolling = optLevel >= 2;
  PassBuilder pb(&tm, pto);
  // glibc's vector math library (libmvec): the vectorizer may call its
  // variants of exp, log, sin, ... Math calls whose bits must stay libm's
  // (math.* outside fastmath) are marked nobuiltin by codegen, which keeps
  // them out of this mapping.
  TargetLibraryInfoImpl tlii(Triple(m.getTargetTriple()));
  if (Triple(m.getTargetTriple()).isX86() && *vectorMathLibrary())
    tlii.addVectorizableFunctionsFromVecLib(TargetLibraryInfoImpl::LIBMVEC_X86, Triple(m.getTargetTriple()));
  fam.registerPass([&] { return TargetLibraryAnalysis(tlii); });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  OptimizationLevel level = optLevel <= 0 ? OptimizationLevel::O0
                            : optLevel == 1 ? OptimizationLevel::O1
                            : optLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
#if PARJIT_TSAN
  // A ThreadSanitizer build of parjit checks the generated code too: the
  // instrumented accesses call the TSan runtime linked into this process
  // (CPU code only: GPU code does not run in it).
  if (Triple(m.getTargetTriple()).isX86()) {
    for (Function &f : m)
      if (!f.isDeclaration()) f.addFnAttr(Attribute::SanitizeThread);
    pb.registerOptimizerLastEPCallback([](ModulePassManager &mpm, OptimizationLevel) {
      mpm.addPass(ModuleThreadSanitizerPass());
      mpm.addPass(createModuleToFunctionPassAdaptor(ThreadSanitizerPass()));
    });
  }
#endif
  ModulePassManager mpm = optLevel <= 0 ? pb.buildO0DefaultPipeline(level) : pb.buildPerModuleDefaultPipeline(level);
  mpm.run(m, mam);
}

} // namespace parjit
