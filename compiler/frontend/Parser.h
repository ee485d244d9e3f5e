// Lexer and recursive-descent parser: Python source text to an AST.
#pragma once
#include "frontend/AST.h"
#include "support/Diagnostics.h"
#include <optional>

namespace parjit {

/// Parses one file already added to `sm`. On a syntax error it reports a
/// diagnostic (`invalid syntax`, `unexpected indent`, ...) and returns nullopt;
/// it never throws, crashes or loops forever on any input.
std::optional<ast::Module> parseModule(const SourceManager &sm, uint32_t file, DiagnosticEngine &diags);

/// Prints the AST in an S-expression form, one statement a line (for tests
/// and `parjit dump-ast`).
std::string dumpAST(const ast::Module &m);

} // namespace parjit
