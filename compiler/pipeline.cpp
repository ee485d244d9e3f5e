// The table of contents of the compiler: every stage, in order.
#include "Pipeline.h"
#include "Runtime.h"
#include "codegen/Codegen.h"
#include "frontend/Parser.h"
#include "jit/Engine.h"
#include "target/Target.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>

using namespace llvm;

namespace parjit {

Compilation::Compilation(std::string fileName, std::string text, CompileOptions o) : opts(o) {
  file = sm.addBuffer(std::move(fileName), std::move(text));
}

namespace {
/// Keeps the loop vectorizer's remarks (passed, missed and why) for explain.
struct RemarkCollector : DiagnosticHandler {
  std::vector<OptRemark> &out;
  explicit RemarkCollector(std::vector<OptRemark> &o) : out(o) {}
  static bool wanted(StringRef pass) { return pass == "loop-vectorize"; }
  bool isAnalysisRemarkEnabled(StringRef pass) const override { return wanted(pass); }
  bool isMissedOptRemarkEnabled(StringRef pass) const override { return wanted(pass); }
  bool isPassedOptRemarkEnabled(StringRef pass) const override { return wanted(pass); }
  bool isAnyRemarkEnabled() const override { return true; }
  bool handleDiagnostics(const DiagnosticInfo &d) override {
    auto *r = dyn_cast<DiagnosticInfoOptimizationBase>(&d);
    if (!r) return false;
    if (!wanted(r->getPassName())) return true;
    OptRemark o;
    o.kind = isa<OptimizationRemark>(r) ? OptRemark::Passed
             : isa<OptimizationRemarkMissed>(r) ? OptRemark::Missed
                                                : OptRemark::Analysis;
    o.pass = r->getPassName().str();
    o.message = r->getMsg();
    if (auto *wl = dyn_cast<DiagnosticInfoIROptimization>(r)) {
      o.function = wl->getFunction().getName().str();
      if (wl->isLocationAvailable()) {
        o.line = wl->getLocation().getLine();
        o.col = wl->getLocation().getColumn();
      }
    }
    out.push_back(std::move(o));
    return true;
  }
};

/// Runs one stage: times it and stops the pipeline when it reports errors.
struct StageRunner {
  Compilation &c;
  template <typename Fn> bool operator()(const char *name, Fn &&fn) {
    auto t0 = std::chrono::steady_clock::now();
    bool ok = fn() && !c.diags.hasErrors();
    c.timings.push_back({name, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
    return ok;
  }
};
} // namespace

bool runPipeline(Compilation &c, Stage last) {
  StageRunner run{c};
  if (!run("parse", [&] { return (c.ast = parseModule(c.sm, c.file, c.diags)).has_value(); })) return false;
  if (last == Stage::Parse) return true;

  if (!run("infer-types", [&] { return (c.program = typed::inferTypes(*c.ast, c.opts, c.diags)) != nullptr; }))
    return false;
  if (!run("analyze-parallel", [&] { return parallel::analyzeParallel(*c.program, c.parallelPlan, c.diags); }))
    return false;
  if (last == Stage::TypeCheck) return true;

  c.llvmContext = std::make_unique<LLVMContext>();
  if (!run("emit-llvm", [&] {
        c.llvmModule = emitLLVM(*c.program, c.parallelPlan, c.sm, *c.llvmContext);
        if (c.keepFunctions)
          for (Function &f : *c.llvmModule)
            if (!f.isDeclaration()) f.setLinkage(GlobalValue::ExternalLinkage);
        return true;
      }))
    return false;
  if (!run("verify", [&] {
        std::string msg;
        raw_string_ostream os(msg);
        if (!verifyModule(*c.llvmModule, &os)) return true;
        c.diags.error({}, "internal error: generated LLVM IR is invalid: " + os.str());
        return false;
      }))
    return false;
  if (last == Stage::EmitLLVM) return true;

  return run("optimize", [&] {
    auto tm = hostTargetMachine(c.opts.optLevel);
    if (!tm) {
      c.diags.error({}, "cannot create a target machine for this CPU: " + toString(tm.takeError()));
      return false;
    }
    if (c.collectRemarks) c.llvmContext->setDiagnosticHandler(std::make_unique<RemarkCollector>(c.remarks));
    c.llvmModule->setDataLayout((*tm)->createDataLayout());
    c.llvmModule->setTargetTriple((*tm)->getTargetTriple().str());
    optimizeModule(*c.llvmModule, **tm, c.opts.optLevel);
    return true;
  });
}

int runProgram(Compilation &c, std::string &err) {
  auto engine = Engine::create(c.opts.optLevel);
  if (!engine) {
    c.diags.error({}, "cannot start the JIT: " + toString(engine.takeError()));
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  if (Error e = (*engine)->addModule(orc::ThreadSafeModule(std::move(c.llvmModule), std::move(c.llvmContext)))) {
    c.diags.error({}, "cannot add the program to the JIT: " + toString(std::move(e)));
    return 1;
  }
  auto entry = (*engine)->lookup(kEntrySymbol);
  if (!entry) {
    c.diags.error({}, "cannot compile the program: " + toString(entry.takeError()));
    return 1;
  }
  c.timings.push_back({"codegen", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
  std::vector<const char *> argv{c.sm.name(c.file).c_str()};
  for (const std::string &a : c.scriptArgs) argv.push_back(a.c_str());
  pj_set_argv(static_cast<int32_t>(argv.size()), argv.data());
  auto *mainFn = reinterpret_cast<int32_t (*)()>(*entry);
  int32_t status = mainFn();
  int rc = 0;
  rt::PendingError pe;
  if (status != 0 && rt::takeError(pe)) {
    err += "Traceback (most recent call last):\n";
    for (auto it = pe.frames.rbegin(); it != pe.frames.rend(); ++it) {
      err += "  File \"" + it->file + "\", line " + std::to_string(it->line) + ", in " + it->function + "\n";
      std::string_view line = c.sm.lineText(c.file, static_cast<uint32_t>(it->line));
      size_t b = line.find_first_not_of(" \t");
      if (b != std::string_view::npos) err += "    " + std::string(line.substr(b)) + "\n";
    }
    err += std::string(rt::PendingError::kindName(pe.kind));
    if (!pe.message.empty()) err += ": " + pe.message;
    err += "\n";
    rc = 3;
  } else if (status != 0) {
    err += "RuntimeError: compiled code failed without an exception\n";
    rc = 3;
  }
  // With correct reference counting nothing is left but what an exception
  // skipped over; free it all the same.
  c.leakedBlocks = rt::freeAll();
  return rc;
}

} // namespace parjit
