// What the `parjit` command's files share: the commands beside `run`, and
// the helpers every command uses. Only tools/ writes to the terminal.
#pragma once
#include "typed/TypedProgram.h"
#include <string>
#include <vector>

/// `parjit compile FILE --export SPEC... -o LIB.so [--header H]`.
struct CompileCommand {
  std::string file, output, header;
  std::vector<std::string> exports;
  parjit::CompileOptions opts;
};
int runCompile(const CompileCommand &cmd);

/// Prints "parjit: error: MSG" and the usage hint; returns the usage exit code.
int usageError(const std::string &msg);
bool readFile(const std::string &path, std::string &out, std::string &err);
/// The directory with libparjit_runtime.so: ../lib from the parjit binary.
std::string runtimeLibDir();
