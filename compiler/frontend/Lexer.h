// The Python tokenizer: source bytes to tokens, with INDENT/DEDENT/NEWLINE
// made explicit and literals already decoded. The parser is its only user;
// tests use it to check token streams.
#pragma once
#include "support/Source.h"
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parjit {

// X(enumerator, spelling). Keywords are spelled as in Python; the spelling of
// an operator is its text.
#define PJ_TOKENS(X)                                                           \
  X(EndOfFile, "end of file") X(Newline, "newline") X(Indent, "indent")        \
  X(Dedent, "dedent") X(Error, "error") X(Name, "name") X(Int, "integer")      \
  X(Float, "float") X(String, "string")                                        \
  X(LParen, "(") X(RParen, ")") X(LBracket, "[") X(RBracket, "]")              \
  X(LBrace, "{") X(RBrace, "}") X(Colon, ":") X(Comma, ",") X(Semi, ";")       \
  X(Plus, "+") X(Minus, "-") X(Star, "*") X(Slash, "/") X(VBar, "|")           \
  X(Amper, "&") X(Less, "<") X(Greater, ">") X(Equal, "=") X(Dot, ".")         \
  X(Percent, "%") X(EqEqual, "==") X(NotEqual, "!=") X(LessEqual, "<=")        \
  X(GreaterEqual, ">=") X(Tilde, "~") X(Circumflex, "^") X(LeftShift, "<<")    \
  X(RightShift, ">>") X(DoubleStar, "**") X(PlusEqual, "+=")                   \
  X(MinusEqual, "-=") X(StarEqual, "*=") X(SlashEqual, "/=")                   \
  X(PercentEqual, "%=") X(AmperEqual, "&=") X(VBarEqual, "|=")                 \
  X(CircumflexEqual, "^=") X(LeftShiftEqual, "<<=")                            \
  X(RightShiftEqual, ">>=") X(DoubleStarEqual, "**=") X(DoubleSlash, "//")     \
  X(DoubleSlashEqual, "//=") X(At, "@") X(AtEqual, "@=") X(RArrow, "->")       \
  X(Ellipsis, "...") X(ColonEqual, ":=")                                       \
  X(Stray, "stray character") /* '!', '$', '?', '`': never valid */           \
  X(KwFalse, "False") X(KwNone, "None") X(KwTrue, "True") X(KwAnd, "and")      \
  X(KwAs, "as") X(KwAssert, "assert") X(KwAsync, "async")                      \
  X(KwAwait, "await") X(KwBreak, "break") X(KwClass, "class")                  \
  X(KwContinue, "continue") X(KwDef, "def") X(KwDel, "del")                    \
  X(KwElif, "elif") X(KwElse, "else") X(KwExcept, "except")                    \
  X(KwFinally, "finally") X(KwFor, "for") X(KwFrom, "from")                    \
  X(KwGlobal, "global") X(KwIf, "if") X(KwImport, "import") X(KwIn, "in")      \
  X(KwIs, "is") X(KwLambda, "lambda") X(KwNonlocal, "nonlocal")                \
  X(KwNot, "not") X(KwOr, "or") X(KwPass, "pass") X(KwRaise, "raise")          \
  X(KwReturn, "return") X(KwTry, "try") X(KwWhile, "while")                    \
  X(KwWith, "with") X(KwYield, "yield")

enum class Tok : uint8_t {
#define PJ_TOK_ENUM(K, S) K,
  PJ_TOKENS(PJ_TOK_ENUM)
#undef PJ_TOK_ENUM
};

const char *spelling(Tok k);
bool isKeyword(Tok k);

struct Token {
  Tok kind = Tok::EndOfFile;
  SourceLoc loc;
  std::string_view text; // the source bytes (empty for INDENT/DEDENT/EOF)
  // Int: value/overflow. Float: value/imaginary. String: decoded text and
  // prefix flags. Error: the message (loc is where it points).
  uint64_t intValue = 0;
  bool overflow = false;
  double floatValue = 0;
  bool imaginary = false;
  bool isBytes = false, isFString = false;
  // Error only: true for "'(' was never closed", which CPython reports only
  // when the parser runs into it, never in place of a parser error.
  bool errorAtEOF = false;
  std::string str;
};

/// Tokenizes a whole file. The stream always ends with EndOfFile, or with one
/// Error token at the first lexical error (nothing follows it).
std::vector<Token> tokenize(std::string_view text, uint32_t file);

} // namespace parjit
