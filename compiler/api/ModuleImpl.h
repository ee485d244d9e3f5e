// The state behind a parjit::Module (and a C API parjit_module): the
// source, one JIT, and the entry points compiled so far.
#pragma once
#include "parjit/parjit.hpp"
#include "support/Source.h"
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace parjit {
class JIT;
struct Compilation;

namespace detail {

class ModuleImpl {
public:
  ModuleImpl(Options o, std::string name, std::string source);
  ~ModuleImpl();
  /// The entry point of `fn` compiled for `sig` (once; thread-safe). Throws
  /// CompileError, or Error when the code cannot be loaded.
  Entry entry(const std::string &fn, const std::string &sig);
  /// Throws the Python exception pending on this thread, with its traceback.
  [[noreturn]] void raisePending();
  /// The pending exception of this thread as (type, message, traceback).
  bool takePending(std::string &type, std::string &message, std::string &traceback);
  static CompileError compileError(Compilation &c);

  const Options opts;
  const std::string name, source;

private:
  SourceManager lines; // the source lines of tracebacks
  std::mutex mu;
  std::unique_ptr<JIT> jit;
  std::map<std::string, Entry> entries;
};

} // namespace detail
} // namespace parjit
