// The table of contents of the compiler: every stage, in order.
#include "Pipeline.h"
#include "Runtime.h"
#include "codegen/Codegen.h"
#include "frontend/Parser.h"
#include "jit/Cache.h"
#include "jit/JIT.h"
#include "target/Target.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/MemoryBuffer.h"
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

/// The GPU code: kernels and their callees -> NVPTX module -> libdevice
/// linked -> optimized -> PTX text in c.device.ptx.
static bool emitDeviceCode(Compilation &c) {
  std::string err;
  auto tm = cudaTargetMachine(c.gpuArch, c.opts.optLevel);
  if (!tm) {
    c.diags.error({}, toString(tm.takeError()));
    return false;
  }
  LLVMContext ctx;
  auto mod = emitDeviceLLVM(*c.program, c.parallelPlan, c.sm, ctx, c.device, err);
  if (!mod) {
    c.diags.error({}, err);
    return false;
  }
  mod->setDataLayout((*tm)->createDataLayout());
  std::string msg;
  raw_string_ostream os(msg);
  if (verifyModule(*mod, &os)) {
    c.diags.error({}, "internal error: generated GPU code is invalid: " + os.str());
    return false;
  }
  if (!linkLibdevice(*mod, err)) {
    c.diags.error({}, err);
    return false;
  }
  optimizeModule(*mod, **tm, c.opts.optLevel);
  if (!emitPTX(*mod, **tm, c.device.ptx, err)) {
    c.diags.error({}, "internal error: " + err);
    return false;
  }
  return true;
}

bool runPipeline(Compilation &c, Stage last) {
  StageRunner run{c};
  if (!run("parse", [&] { return (c.ast = parseModule(c.sm, c.file, c.diags)).has_value(); })) return false;
  if (last == Stage::Parse) return true;

  if (!run("infer-types", [&] { return (c.program = typed::inferTypes(*c.ast, c.opts, c.diags, c.exports)) != nullptr; }))
    return false;
  if (!run("analyze-parallel", [&] { return parallel::analyzeParallel(*c.program, c.parallelPlan, c.diags); }))
    return false;
  if (last == Stage::TypeCheck) return true;

  c.llvmContext = std::make_unique<LLVMContext>();
  if (c.program->hasDeviceCode() && !run("emit-ptx", [&] { return emitDeviceCode(c); })) return false;
  if (!run("emit-llvm", [&] {
        c.llvmModule = emitLLVM(*c.program, c.parallelPlan, c.sm, *c.llvmContext,
                                c.program->hasDeviceCode() ? &c.device : nullptr);
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

  std::unique_ptr<TargetMachine> tm;
  if (!run("optimize", [&] {
        auto t = hostTargetMachine(c.opts.optLevel);
        if (!t) {
          c.diags.error({}, "cannot create a target machine for this CPU: " + toString(t.takeError()));
          return false;
        }
        tm = std::move(*t);
        if (c.collectRemarks) c.llvmContext->setDiagnosticHandler(std::make_unique<RemarkCollector>(c.remarks));
        c.llvmModule->setDataLayout(tm->createDataLayout());
        c.llvmModule->setTargetTriple(tm->getTargetTriple().str());
        optimizeModule(*c.llvmModule, *tm, c.opts.optLevel);
        return true;
      }))
    return false;
  if (last == Stage::Optimize) return true;

  return run("codegen", [&] {
    std::string err;
    if (!emitObject(*c.llvmModule, *tm, c.object, err)) {
      c.diags.error({}, "internal error: cannot generate machine code: " + err);
      return false;
    }
    return true;
  });
}

namespace {
/// What a cached entry says besides the code.
std::string encodeMeta(const Compilation &c, const std::string &warnings) {
  return std::string("parallel=") + (c.hasParallelLoops ? "1" : "0") + "\n" + warnings;
}
void decodeMeta(Compilation &c, const std::string &meta) {
  size_t nl = meta.find('\n');
  c.hasParallelLoops = meta.compare(0, 11, "parallel=1\n") == 0;
  c.cachedWarnings = nl == std::string::npos ? "" : meta.substr(nl + 1);
}
} // namespace

bool compileToObject(Compilation &c) {
  auto t0 = std::chrono::steady_clock::now();
  std::string key;
  std::unique_ptr<DiskCache> cache;
  if (c.useCache) {
    cache = std::make_unique<DiskCache>(c.cacheDir.empty() ? DiskCache::defaultDir() : c.cacheDir);
    std::string why;
    if (!cache->open(why)) {
      c.diags.warning({}, "the compile cache is off: " + why);
      cache.reset();
    } else {
      std::string requests;
      for (const ExportRequest &r : c.exports) requests += r.function + "|" + r.signature + "|" + r.symbol + "\n";
      std::string options = std::to_string(c.opts.optLevel) + (c.opts.boundsCheck ? "b" : "-") +
                            (c.opts.fastmath ? "f" : "-") + (*vectorMathLibrary() ? "v" : "-") + (c.opts.offloadCuda ? "c" : "-") +
                            "gpu=" + c.gpuArch;
      key = DiskCache::key({"parjit-object-1", PARJIT_VERSION, DiskCache::compilerId(), LLVM_VERSION_STRING,
                            hostTargetKey(), options,
                            c.sm.name(c.file), c.sm.text(c.file), requests});
      if (auto e = cache->load(key)) {
        c.object = std::move(e->object);
        decodeMeta(c, e->meta);
        c.cacheHit = true;
        c.timings.push_back({"cache-hit", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
        return true;
      }
    }
  }
  if (!runPipeline(c, Stage::Object)) return false;
  for (const auto &[k, plan] : c.parallelPlan.loops) c.hasParallelLoops |= plan.parallel;
  if (cache) {
    std::string why, warnings = c.diags.render(c.sm);
    if (!cache->store(key, {encodeMeta(c, warnings), c.object}, why))
      c.diags.warning({}, "the compile cache could not keep this program: " + why);
  }
  return true;
}

int runProgram(Compilation &c, std::string &err) {
  auto t0 = std::chrono::steady_clock::now();
  auto jit = JIT::create();
  if (!jit) {
    c.diags.error({}, "cannot start the JIT: " + toString(jit.takeError()));
    return 1;
  }
  if (Error e = (*jit)->addObject(MemoryBuffer::getMemBufferCopy(c.object, "parjit-program"))) {
    c.diags.error({}, "cannot load the program: " + toString(std::move(e)));
    return 1;
  }
  auto entry = (*jit)->lookup(kEntrySymbol);
  if (!entry) {
    c.diags.error({}, "cannot link the program: " + toString(entry.takeError()));
    return 1;
  }
  c.timings.push_back({"link", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
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
