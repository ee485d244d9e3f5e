#include "support/Diagnostics.h"

namespace parjit {

Diagnostic &DiagnosticEngine::add(Severity s, SourceLoc loc, std::string msg) {
  if (s == Severity::Error)
    ++numErrors_;
  diags_.push_back({s, loc, std::move(msg), {}});
  return diags_.back();
}

static const char *severityName(Severity s) {
  switch (s) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  case Severity::Remark: return "remark";
  }
  return "error";
}

std::string DiagnosticEngine::render(const Diagnostic &d, const SourceManager &sm) {
  std::string out;
  if (d.loc.valid()) {
    out += sm.name(d.loc.file) + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": ";
  } else {
    out += "parjit: ";
  }
  out += severityName(d.severity);
  out += ": " + d.message + "\n";
  if (d.loc.valid()) {
    std::string_view line = sm.lineText(d.loc.file, d.loc.line);
    if (!line.empty()) {
      out += line;
      out += "\n";
      std::string caret;
      for (uint32_t i = 1; i < d.loc.col && i - 1 < line.size(); ++i)
        caret += line[i - 1] == '\t' ? '\t' : ' ';
      out += caret + "^\n";
    }
  }
  for (const Diagnostic &n : d.notes)
    out += render(n, sm);
  return out;
}

std::string DiagnosticEngine::render(const SourceManager &sm) const {
  std::string out;
  for (const Diagnostic &d : diags_)
    out += render(d, sm);
  return out;
}

} // namespace parjit
