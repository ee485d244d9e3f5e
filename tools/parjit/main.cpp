// The `parjit` command: run, check, emit-llvm, emit-asm, dump-ast.
// Only this file decides exit codes and writes to the terminal.
#include "Commands.h"
#include "Pipeline.h"
#include "Runtime.h"
#include "jit/Cache.h"
#include "frontend/Parser.h"
#include "target/Target.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace parjit;

namespace {

enum ExitCode { kOk = 0, kCompileError = 1, kUsageError = 2, kRuntimeError = 3 };

const char *kUsage = R"(usage: parjit <command> [options] FILE [ARGS...]

Commands:
  run FILE [ARGS...]   compile FILE and run it (its __main__ code)
  check FILE           parse and type-check FILE; report every error
  emit-llvm FILE       print the optimized LLVM IR
  emit-asm FILE        print the generated assembly for this CPU
  emit-ptx FILE        print the PTX of FILE's CUDA kernels (@cuda.jit)
  compile FILE --export 'NAME(TYPES)'... -o LIB.so [--header LIB.h]
                       ahead of time: a shared library (and a C header) of the
                       exported functions, for signatures such as
                       'norm(float64[:])'; it needs only libparjit_runtime.so
  dump-ast FILE        print the syntax tree
  cache info|clear     where compiled code is cached, how much; empty it
  explain FILE         for every loop: parallel or not (and why), its
                       reductions, and whether it was vectorized, at what width
  info                 print the target CPU, its SIMD features, the threading
                       layer and the thread count

Options:
  -O0 .. -O3               optimization level (default -O3)
  --boundscheck=on|off     array bounds checks (default on)
  --fastmath               allow FMA contraction, reassociation, approximate math
  --function NAME          emit-llvm/emit-asm: only the functions named NAME
  --target=cuda            run the prange loops of every @jit(parallel=True)
                           function on the GPU (as @jit(target="cuda") does)
  --gpu-arch sm_XY         the GPU architecture of CUDA kernels (default: the
                           device's, else sm_80)
  --time-passes            print the time each compiler stage took (stderr)
  --no-cache               run: compile, and neither read nor write the disk cache
                           ($PARJIT_CACHE_DIR, else $XDG_CACHE_HOME/parjit, else
                           ~/.cache/parjit)
  --threads N              threads for prange loops (default: PARJIT_NUM_THREADS,
                           else every CPU); PARJIT_THREADING_LAYER=tbb|omp picks
                           the threading layer (default tbb)
  --version, --help

Exit codes: 0 success, 1 compile error, 2 usage error, 3 runtime error
(an uncaught Python exception such as IndexError).
)";

/// --threads N or --threads=N at args[i] (advancing i past N).
bool parseThreads(const std::vector<std::string> &args, size_t &i, int32_t &threads, std::string &err) {
  std::string v;
  if (args[i] == "--threads") {
    if (i + 1 >= args.size()) {
      err = "--threads needs a number";
      return false;
    }
    v = args[++i];
  } else if (args[i].rfind("--threads=", 0) == 0) {
    v = args[i].substr(10);
  } else {
    err = "unknown option '" + args[i] + "'";
    return false;
  }
  char *end = nullptr;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || n < 1 || n > 4096) {
    err = "--threads needs a whole number from 1 to 4096, not '" + v + "'";
    return false;
  }
  threads = static_cast<int32_t>(n);
  return true;
}

} // namespace

int usageError(const std::string &msg) {
  std::cerr << "parjit: error: " << msg << "\n" << "run 'parjit --help' for usage\n";
  return kUsageError;
}

bool readFile(const std::string &path, std::string &out, std::string &err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err = "cannot open '" + path + "'";
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    err = "cannot read '" + path + "'";
    return false;
  }
  out = ss.str();
  return true;
}

std::string runtimeLibDir() {
  llvm::SmallString<256> exe(llvm::sys::fs::getMainExecutable(nullptr, reinterpret_cast<void *>(&runtimeLibDir)));
  llvm::sys::path::remove_filename(exe); // .../bin
  llvm::sys::path::append(exe, "..", "lib");
  llvm::SmallString<256> real;
  if (!llvm::sys::fs::real_path(exe, real)) return std::string(real);
  return std::string(exe);
}

namespace {

/// Prints only the functions whose specialization is named `name` (or all).
void printIR(llvm::Module &m, const std::string &name) {
  if (name.empty()) {
    m.print(llvm::outs(), nullptr);
    return;
  }
  for (llvm::Function &f : m)
    if (!f.isDeclaration() && (f.getName() == name || f.getName().starts_with(name + "(")))
      f.print(llvm::outs());
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usageError("no command given");
  std::string cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::cout << kUsage;
    return kOk;
  }
  if (cmd == "--version") {
    std::cout << "parjit " << PARJIT_VERSION << " (LLVM " << LLVM_VERSION_STRING << ", " << hostTargetDescription() << ")\n";
    return kOk;
  }
  if (cmd == "info") {
    std::cout << "target: " << hostTargetDescription() << "\n";
    rt::ThreadingInfo ti;
    std::string err;
    int32_t threads = 0;
    for (size_t i = 1; i < args.size(); ++i)
      if (!parseThreads(args, i, threads, err)) return usageError(err);
    if (threads && !rt::configureThreading("", threads, err)) return usageError(err);
    if (!rt::threadingInfo(ti, err)) {
      std::cerr << "parjit: error: " << err << "\n";
      return kUsageError;
    }
    std::cout << "threading layer: " << ti.layer << " (" << ti.version << ", " << ti.path << ")\n";
    std::cout << "threads: " << ti.threads << "\n";
    std::string blas = rt::blasLibrary();
    std::cout << "BLAS: " << (blas.empty() ? "none (matrix products use parjit's own loops)" : blas) << "\n";
    std::cout << "CUDA: " << rt::cudaDescription() << "\n";
    return kOk;
  }
  if (cmd == "cache") {
    std::string sub = args.size() > 1 ? args[1] : "";
    DiskCache cache(DiskCache::defaultDir());
    if (sub == "info") {
      auto in = cache.info();
      std::cout << "cache directory: " << cache.dir() << "\n"
                << "entries: " << in.entries << " (" << in.bytes << " bytes)\n"
                << "this compiler's build id (part of every key): " << DiskCache::compilerId() << "\n";
      return kOk;
    }
    if (sub == "clear") {
      std::cout << "removed " << cache.clear() << " entries from " << cache.dir() << "\n";
      return kOk;
    }
    return usageError("'parjit cache' takes 'info' or 'clear'");
  }
  if (cmd == "compile") {
    CompileCommand cc;
    for (size_t i = 1; i < args.size(); ++i) {
      const std::string &a = args[i];
      auto value = [&](const char *opt) -> const std::string * {
        if (i + 1 >= args.size()) return nullptr;
        (void)opt;
        return &args[++i];
      };
      if (a == "--export" || a == "-o" || a == "--header") {
        const std::string *v = value(a.c_str());
        if (!v) return usageError(a + " needs a value");
        (a == "--export" ? cc.exports.push_back(*v) : (void)((a == "-o" ? cc.output : cc.header) = *v));
      } else if (a.rfind("--export=", 0) == 0) cc.exports.push_back(a.substr(9));
      else if (a.size() == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3') cc.opts.optLevel = a[2] - '0';
      else if (a == "--boundscheck=on") cc.opts.boundsCheck = true;
      else if (a == "--boundscheck=off") cc.opts.boundsCheck = false;
      else if (a == "--fastmath") cc.opts.fastmath = true;
      else if (a.size() > 1 && a[0] == '-') return usageError("unknown option '" + a + "'");
      else if (cc.file.empty()) cc.file = a;
      else return usageError("unexpected argument '" + a + "'");
    }
    if (cc.file.empty()) return usageError("no input file");
    return runCompile(cc);
  }
  if (cmd != "run" && cmd != "check" && cmd != "emit-llvm" && cmd != "emit-asm" && cmd != "dump-ast" &&
      cmd != "explain" && cmd != "emit-ptx")
    return usageError("unknown command '" + cmd + "'");

  CompileOptions opts;
  int32_t threads = 0;
  bool useCache = true;
  std::string file, function, gpuArch;
  bool timePasses = false;
  std::vector<std::string> scriptArgs;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (!file.empty()) { // everything after FILE belongs to the script
      scriptArgs.push_back(a);
      continue;
    }
    if (a.size() == 3 && a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3') opts.optLevel = a[2] - '0';
    else if (a == "--boundscheck=on") opts.boundsCheck = true;
    else if (a == "--boundscheck=off") opts.boundsCheck = false;
    else if (a == "--fastmath") opts.fastmath = true;
    else if (a == "--time-passes") timePasses = true;
    else if (a == "--no-cache") useCache = false;
    else if (a == "--threads" || a.rfind("--threads=", 0) == 0) {
      std::string err;
      if (!parseThreads(args, i, threads, err)) return usageError(err);
    }
    else if (a == "--target=cuda") opts.offloadCuda = true;
    else if (a == "--target=cpu") opts.offloadCuda = false;
    else if (a.rfind("--target", 0) == 0) return usageError("--target takes cpu or cuda (--target=cuda)");
    else if (a == "--gpu-arch" && i + 1 < args.size()) gpuArch = args[++i];
    else if (a.rfind("--gpu-arch=", 0) == 0) gpuArch = a.substr(11);
    else if (a == "--function" && i + 1 < args.size()) function = args[++i];
    else if (a.rfind("--function=", 0) == 0) function = a.substr(11);
    else if (a.size() > 1 && a[0] == '-') return usageError("unknown option '" + a + "'");
    else file = a;
  }
  if (file.empty()) return usageError("no input file");
  if (!scriptArgs.empty() && cmd != "run") return usageError("unexpected argument '" + scriptArgs[0] + "'");

  std::string text, err;
  if (!readFile(file, text, err)) return usageError(err);

  opts.debugLines = cmd == "explain";
  Compilation c(file, std::move(text), opts);
  c.collectRemarks = cmd == "explain";
  c.keepFunctions = cmd == "emit-llvm" || cmd == "emit-asm";
  c.scriptArgs = scriptArgs;
  c.gpuArch = gpuArch;
  bool ok;
  if (cmd == "run") {
    c.useCache = useCache;
    ok = compileToObject(c); // a cache hit skips every stage
    std::cerr << c.cachedWarnings;
  } else {
    Stage last = cmd == "dump-ast" ? Stage::Parse : cmd == "check" ? Stage::TypeCheck
                 : cmd == "emit-ptx"   ? Stage::EmitLLVM : Stage::Optimize;
    ok = runPipeline(c, last);
  }
  std::cerr << c.diags.render(c.sm);
  c.diags.clear();
  auto reportTimes = [&] {
    if (!timePasses) return;
    for (auto &[name, secs] : c.timings) fprintf(stderr, "parjit: %-16s %8.3f ms\n", name.c_str(), secs * 1e3);
  };
  if (!ok) {
    reportTimes();
    return kCompileError;
  }

  if (cmd == "dump-ast") {
    std::cout << dumpAST(*c.ast);
    return kOk;
  }
  if (cmd == "check") {
    reportTimes();
    return kOk;
  }
  if (cmd == "explain") {
    std::cout << explainLoops(c);
    reportTimes();
    return kOk;
  }
  if (cmd == "emit-ptx") {
    if (c.device.ptx.empty()) {
      std::cerr << "parjit: error: " << file << " launches no CUDA kernel (@cuda.jit function called as "
                << "kernel[blocks, threads](...)): there is no PTX to print\n";
      return kCompileError;
    }
    std::cout << c.device.ptx;
    reportTimes();
    return kOk;
  }
  if (cmd == "emit-llvm") {
    printIR(*c.llvmModule, function);
    reportTimes();
    return kOk;
  }
  if (cmd == "emit-asm") {
    if (!function.empty()) // keep only the named functions
      for (llvm::Function &f : *c.llvmModule)
        if (!f.isDeclaration() && f.getName() != function && !f.getName().starts_with(function + "("))
          f.deleteBody();
    auto tm = hostTargetMachine(opts.optLevel);
    if (!tm) {
      std::cerr << "parjit: error: " << llvm::toString(tm.takeError()) << "\n";
      return kCompileError;
    }
    llvm::legacy::PassManager pm;
    llvm::SmallString<0> buf;
    llvm::raw_svector_ostream os(buf);
    if ((*tm)->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::AssemblyFile)) {
      std::cerr << "parjit: error: this target cannot emit assembly\n";
      return kCompileError;
    }
    pm.run(*c.llvmModule);
    std::cout << buf.str().str();
    reportTimes();
    return kOk;
  }

  // run: load the threading layer first, so that a layer that cannot be
  // loaded is an error before the program starts, not in its middle.
  if (threads || c.hasParallelLoops) {
    std::string terr;
    if (!rt::configureThreading("", threads, terr)) {
      std::cerr << "parjit: error: " << terr << "\n";
      return kUsageError;
    }
  }
  int rc = runProgram(c, err);
  // PARJIT_CHECK_LEAKS=1: a test of the reference counting in generated code.
  if (const char *chk = std::getenv("PARJIT_CHECK_LEAKS"); chk && *chk && *chk != '0' && rc == 0 && c.leakedBlocks)
    err += "parjit: warning: " + std::to_string(c.leakedBlocks) + " array block(s) still referenced at exit\n";
  std::cout.flush();
  std::cerr << c.diags.render(c.sm) << err;
  reportTimes();
  if (rc == 1 || c.diags.hasErrors()) return kCompileError;
  return rc;
}
