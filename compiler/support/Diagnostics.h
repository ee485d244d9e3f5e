// Diagnostics are values: a severity, a location, a message and notes. The
// compiler collects them in a DiagnosticEngine; only tools/ decides what to do.
#pragma once
#include "support/Source.h"
#include <iosfwd>
#include <string>
#include <vector>

namespace parjit {

enum class Severity { Error, Warning, Note, Remark };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourceLoc loc;
  std::string message;
  std::vector<Diagnostic> notes;

  /// Attach a note ("the other operand was defined here").
  Diagnostic &note(SourceLoc at, std::string msg) {
    notes.push_back({Severity::Note, at, std::move(msg), {}});
    return *this;
  }
};

class DiagnosticEngine {
public:
  Diagnostic &error(SourceLoc loc, std::string msg) { return add(Severity::Error, loc, std::move(msg)); }
  Diagnostic &warning(SourceLoc loc, std::string msg) { return add(Severity::Warning, loc, std::move(msg)); }
  Diagnostic &remark(SourceLoc loc, std::string msg) { return add(Severity::Remark, loc, std::move(msg)); }

  bool hasErrors() const { return numErrors_ != 0; }
  unsigned numErrors() const { return numErrors_; }
  const std::vector<Diagnostic> &all() const { return diags_; }
  void clear() { diags_.clear(); numErrors_ = 0; }

  /// Renders every diagnostic as `file:line:col: error: msg`, the source line
  /// and a caret, then its notes the same way.
  std::string render(const SourceManager &sm) const;
  static std::string render(const Diagnostic &d, const SourceManager &sm);

private:
  Diagnostic &add(Severity s, SourceLoc loc, std::string msg);
  std::vector<Diagnostic> diags_;
  unsigned numErrors_ = 0;
};

} // namespace parjit
