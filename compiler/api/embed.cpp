// The C++ embedding API (include/parjit/parjit.hpp): an Engine's options
// become CompileOptions, a Module keeps its source and one JIT, and each
// function signature asked for is compiled as an export (through the disk
// cache) and linked into that JIT.
#include "api/ModuleImpl.h"
#include "Pipeline.h"
#include "Runtime.h"
#include "jit/JIT.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include <fstream>
#include <sstream>

namespace parjit {
namespace detail {

ModuleImpl::ModuleImpl(Options o, std::string n, std::string src)
    : opts(std::move(o)), name(std::move(n)), source(std::move(src)) {
  lines.addBuffer(name, source);
}

ModuleImpl::~ModuleImpl() = default;

Entry ModuleImpl::entry(const std::string &fn, const std::string &sig) {
  std::lock_guard<std::mutex> lock(mu);
  std::string key = fn + "|" + sig;
  if (auto it = entries.find(key); it != entries.end()) return it->second;
  // A symbol from the request alone, so that cache entries are shared between runs.
  llvm::SHA256 h;
  h.update(key);
  auto digest = h.final();
  std::string symbol = "pjx." + fn + ".";
  for (int i = 0; i < 8; ++i) symbol += "0123456789abcdef"[digest[i] & 15];

  CompileOptions co;
  co.optLevel = opts.optLevel;
  co.boundsCheck = opts.boundsCheck;
  co.fastmath = opts.fastmath;
  Compilation c(name, source, co);
  c.exports = {{fn, sig, symbol}};
  c.useCache = opts.cache;
  c.cacheDir = opts.cacheDir;
  if (!compileToObject(c)) throw compileError(c);
  if (c.hasParallelLoops) {
    std::string err;
    if (!rt::configureThreading(opts.threadingLayer, opts.threads, err)) throw Error("parjit: " + err);
  }
  if (!jit) {
    auto j = JIT::create();
    if (!j) throw Error("parjit: cannot start the JIT: " + llvm::toString(j.takeError()));
    jit = std::move(*j);
  }
  if (llvm::Error e = jit->addObject(llvm::MemoryBuffer::getMemBufferCopy(c.object, symbol)))
    throw Error("parjit: cannot load compiled code: " + llvm::toString(std::move(e)));
  auto addr = jit->lookup(symbol);
  if (!addr) throw Error("parjit: cannot link compiled code: " + llvm::toString(addr.takeError()));
  Entry e = reinterpret_cast<Entry>(*addr);
  entries.emplace(key, e);
  return e;
}

CompileError ModuleImpl::compileError(Compilation &c) {
  std::vector<CompileDiagnostic> out;
  for (const parjit::Diagnostic &d : c.diags.all()) {
    CompileDiagnostic x;
    x.severity = d.severity == Severity::Error ? "error" : d.severity == Severity::Warning ? "warning" : "note";
    x.file = d.loc.valid() ? c.sm.name(d.loc.file) : "";
    x.line = static_cast<int>(d.loc.line);
    x.column = static_cast<int>(d.loc.col);
    x.message = d.message;
    out.push_back(std::move(x));
  }
  return CompileError(c.diags.render(c.sm), std::move(out));
}

bool ModuleImpl::takePending(std::string &type, std::string &message, std::string &tb) {
  rt::PendingError pe;
  if (!rt::takeError(pe)) return false;
  tb = "Traceback (most recent call last):\n";
  for (auto it = pe.frames.rbegin(); it != pe.frames.rend(); ++it) {
    tb += "  File \"" + it->file + "\", line " + std::to_string(it->line) + ", in " + it->function + "\n";
    std::string_view line = lines.lineText(1, static_cast<uint32_t>(it->line));
    size_t b = line.find_first_not_of(" \t");
    if (b != std::string_view::npos) tb += "    " + std::string(line.substr(b)) + "\n";
  }
  type = rt::PendingError::kindName(pe.kind);
  message = pe.message;
  tb += type + (message.empty() ? "" : ": " + message) + "\n";
  return true;
}

void ModuleImpl::raisePending() {
  std::string type, message, tb;
  if (!takePending(type, message, tb)) throw RuntimeError("RuntimeError", "compiled code failed without an exception", "");
  throw RuntimeError(type, message, tb);
}

Entry entryPoint(ModuleImpl &m, const std::string &name, const std::string &signature) {
  return m.entry(name, signature);
}

void throwPending(ModuleImpl &m) { m.raisePending(); }
void incref(void *meminfo) { pj_incref(static_cast<pj_meminfo *>(meminfo)); }
void decref(void *meminfo) { pj_decref(static_cast<pj_meminfo *>(meminfo)); }

} // namespace detail

Engine::Engine(Options opts) : opts_(std::move(opts)) {
  if (opts_.target != "host") throw Error("parjit: unknown target '" + opts_.target + "' (only \"host\" so far)");
  if (opts_.optLevel < 0 || opts_.optLevel > 3) throw Error("parjit: optLevel must be 0 to 3");
  if (opts_.threads < 0) throw Error("parjit: threads must be 0 (the default) or more");
  if (opts_.threads > 0 || !opts_.threadingLayer.empty()) {
    std::string err;
    if (!rt::configureThreading(opts_.threadingLayer, opts_.threads, err)) throw Error("parjit: " + err);
  }
}

Module Engine::compile(const std::string &source, const std::string &name) const {
  // Syntax errors now; type errors when a function is fetched for a signature.
  Compilation c(name, source, CompileOptions{});
  if (!runPipeline(c, Stage::Parse)) throw detail::ModuleImpl::compileError(c);
  return Module(std::make_shared<detail::ModuleImpl>(opts_, name, source));
}

Module Engine::compileFile(const std::string &path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("parjit: cannot open '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  return compile(ss.str(), path);
}

} // namespace parjit
