// The tokenizer follows CPython's (Parser/tokenizer.c) closely enough that the
// same programs are accepted and the error messages match; see Lexer.h.
#include "frontend/Lexer.h"
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace parjit {

const char *spelling(Tok k) {
  switch (k) {
#define PJ_TOK_CASE(K, S) case Tok::K: return S;
    PJ_TOKENS(PJ_TOK_CASE)
#undef PJ_TOK_CASE
  }
  return "?";
}

bool isKeyword(Tok k) { return k >= Tok::KwFalse && k <= Tok::KwYield; }

namespace {

constexpr size_t kMaxParenDepth = 200; // CPython's MAXLEVEL
constexpr size_t kMaxIndentDepth = 100; // CPython's MAXINDENT

bool isIdentStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool isIdentChar(unsigned char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isHex(unsigned char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int hexValue(unsigned char c) { return isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

struct KeywordEntry { const char *text; Tok kind; };
const KeywordEntry kKeywords[] = {
    {"False", Tok::KwFalse}, {"None", Tok::KwNone}, {"True", Tok::KwTrue}, {"and", Tok::KwAnd},
    {"as", Tok::KwAs}, {"assert", Tok::KwAssert}, {"async", Tok::KwAsync}, {"await", Tok::KwAwait},
    {"break", Tok::KwBreak}, {"class", Tok::KwClass}, {"continue", Tok::KwContinue}, {"def", Tok::KwDef},
    {"del", Tok::KwDel}, {"elif", Tok::KwElif}, {"else", Tok::KwElse}, {"except", Tok::KwExcept},
    {"finally", Tok::KwFinally}, {"for", Tok::KwFor}, {"from", Tok::KwFrom}, {"global", Tok::KwGlobal},
    {"if", Tok::KwIf}, {"import", Tok::KwImport}, {"in", Tok::KwIn}, {"is", Tok::KwIs},
    {"lambda", Tok::KwLambda}, {"nonlocal", Tok::KwNonlocal}, {"not", Tok::KwNot}, {"or", Tok::KwOr},
    {"pass", Tok::KwPass}, {"raise", Tok::KwRaise}, {"return", Tok::KwReturn}, {"try", Tok::KwTry},
    {"while", Tok::KwWhile}, {"with", Tok::KwWith}, {"yield", Tok::KwYield},
};

class Lexer {
public:
  Lexer(std::string_view src, uint32_t file) : src_(src), file_(file) {}
  std::vector<Token> run();

private:
  char peek(size_t k = 0) const { return pos_ + k < src_.size() ? src_[pos_ + k] : '\0'; }
  char at(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  bool atEnd(size_t i) const { return i >= src_.size(); }
  SourceLoc locAt(size_t offset) const {
    return {file_, line_, static_cast<uint32_t>(offset - lineStart_ + 1)};
  }
  void newline(size_t offsetAfter) { ++line_; lineStart_ = offsetAfter; }
  Token &emit(Tok k, size_t begin, size_t end) {
    Token t;
    t.kind = k;
    t.loc = locAt(begin);
    t.text = src_.substr(begin, end - begin);
    out_.push_back(std::move(t));
    if (k != Tok::Indent && k != Tok::Dedent && k != Tok::Newline) lineHasTokens_ = true;
    return out_.back();
  }
  void fail(SourceLoc loc, std::string msg, bool atEOF = false) {
    Token t;
    t.kind = Tok::Error;
    t.loc = loc;
    t.str = std::move(msg);
    t.errorAtEOF = atEOF;
    out_.push_back(std::move(t));
    done_ = true;
  }
  void fail(size_t offset, std::string msg) { fail(locAt(offset), std::move(msg)); }

  void indentation();
  void finish();
  void identifier();
  void number();
  bool verifyEndOfNumber(size_t start, const char *kind);
  bool digitRun(bool (*pred)(unsigned char), const char *kind);
  void string(size_t start, size_t prefixLen);
  bool decode(std::string_view body, bool isBytes, std::string &out, std::string &err);
  void op();

  std::string_view src_;
  uint32_t file_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t lineStart_ = 0;
  std::vector<Token> out_;
  std::vector<int> indents_{0}, altIndents_{0};
  struct Open { char c; SourceLoc loc; };
  std::vector<Open> parens_;
  bool atLineStart_ = true, lineHasTokens_ = false, done_ = false;
};

std::vector<Token> Lexer::run() {
  // A UTF-8 byte order mark is not part of the program.
  if (src_.size() >= 3 && src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = lineStart_ = 3;
  while (!done_) {
    if (atLineStart_ && parens_.empty()) {
      indentation();
      continue;
    }
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\f' || (c == '\r' && peek(1) != '\n')) {
      ++pos_;
      continue;
    }
    if (atEnd(pos_)) {
      finish();
      break;
    }
    if (c == '#') {
      while (!atEnd(pos_) && peek() != '\n' && !(peek() == '\r' && peek(1) == '\n')) {
        if (peek() == '\0') { fail(pos_, "source code cannot contain null bytes"); return std::move(out_); }
        ++pos_;
      }
      continue;
    }
    if (c == '\\') {
      size_t n = peek(1) == '\n' ? 1 : peek(1) == '\r' && peek(2) == '\n' ? 2 : 0;
      if (n) {
        SourceLoc after = locAt(pos_ + 1);
        pos_ += 1 + n;
        newline(pos_);
        if (atEnd(pos_)) fail(after, "unexpected EOF while parsing");
        continue;
      }
      if (atEnd(pos_ + 1)) { fail(pos_ + 1, "unexpected EOF while parsing"); break; }
      fail(pos_ + 1, "unexpected character after line continuation character");
      break;
    }
    if (c == '\n' || (c == '\r' && peek(1) == '\n')) {
      if (parens_.empty() && lineHasTokens_) {
        emit(Tok::Newline, pos_, pos_);
        lineHasTokens_ = false;
      }
      pos_ += c == '\r' ? 2 : 1;
      newline(pos_);
      atLineStart_ = parens_.empty(); // a bracket closed later on the line starts no new line
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (isIdentStart(u)) identifier();
    else if (isDigit(u) || (c == '.' && isDigit(peek(1)))) number();
    else if (c == '\'' || c == '"') string(pos_, 0);
    else op();
  }
  return std::move(out_);
}

void Lexer::indentation() {
  atLineStart_ = false;
  int col = 0, alt = 0;
  size_t p = pos_;
  for (;; ++p) {
    char c = at(p);
    if (c == ' ') { ++col; ++alt; }
    else if (c == '\t') { col = (col / 8 + 1) * 8; ++alt; }
    else if (c == '\f') { col = alt = 0; }
    else break;
  }
  char c = at(p);
  // Blank and comment-only lines do not change the indentation.
  if (atEnd(p) || c == '#' || c == '\n' || (c == '\r' && at(p + 1) == '\n')) {
    pos_ = p;
    return;
  }
  SourceLoc loc = locAt(p);
  pos_ = p;
  if (col == indents_.back()) {
    if (alt != altIndents_.back()) fail(loc, "inconsistent use of tabs and spaces in indentation");
  } else if (col > indents_.back()) {
    if (alt <= altIndents_.back()) { fail(loc, "inconsistent use of tabs and spaces in indentation"); return; }
    if (indents_.size() >= kMaxIndentDepth) { fail(loc, "too many levels of indentation"); return; }
    indents_.push_back(col);
    altIndents_.push_back(alt);
    emit(Tok::Indent, p, p);
  } else {
    while (indents_.size() > 1 && col < indents_.back()) {
      indents_.pop_back();
      altIndents_.pop_back();
      emit(Tok::Dedent, p, p);
    }
    if (col != indents_.back()) { fail(loc, "unindent does not match any outer indentation level"); return; }
    if (alt != altIndents_.back()) fail(loc, "inconsistent use of tabs and spaces in indentation");
  }
}

void Lexer::finish() {
  if (!parens_.empty()) {
    fail(parens_.back().loc, std::string("'") + parens_.back().c + "' was never closed", /*atEOF=*/true);
    return;
  }
  if (lineHasTokens_) emit(Tok::Newline, pos_, pos_);
  while (indents_.size() > 1) {
    indents_.pop_back();
    emit(Tok::Dedent, pos_, pos_);
  }
  emit(Tok::EndOfFile, pos_, pos_);
  done_ = true;
}

void Lexer::identifier() {
  size_t start = pos_;
  while (!atEnd(pos_) && isIdentChar(static_cast<unsigned char>(peek()))) ++pos_;
  std::string_view word = src_.substr(start, pos_ - start);
  if (peek() == '\'' || peek() == '"') {
    std::string lower;
    for (char ch : word) lower += char(ch | 0x20);
    if (word.size() <= 2 && (lower == "r" || lower == "u" || lower == "f" || lower == "b" || lower == "br" ||
                             lower == "rb" || lower == "fr" || lower == "rf")) {
      string(start, word.size());
      return;
    }
  }
  Tok kind = Tok::Name;
  for (const KeywordEntry &k : kKeywords)
    if (word == k.text) kind = k.kind;
  emit(kind, start, pos_);
}

// Consumes digit ('_'? digit)* starting at a digit; reports "invalid <kind>
// literal" at a '_' that no digit follows.
bool Lexer::digitRun(bool (*pred)(unsigned char), const char *kind) {
  while (true) {
    while (pred(static_cast<unsigned char>(peek()))) ++pos_;
    if (peek() != '_') return true;
    if (!pred(static_cast<unsigned char>(peek(1)))) {
      fail(pos_, std::string("invalid ") + kind + " literal");
      return false;
    }
    ++pos_;
  }
}

// CPython lets a keyword follow a number directly (`1if x else y`), with a
// warning; any other identifier character is an error.
bool Lexer::verifyEndOfNumber(size_t start, const char *kind) {
  unsigned char c = static_cast<unsigned char>(peek());
  if (!isIdentChar(c)) return true;
  static const char *const allowed[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
  for (const char *kw : allowed)
    if (src_.substr(pos_, strlen(kw)) == kw) return true;
  fail(start, std::string("invalid ") + kind + " literal");
  return false;
}

void Lexer::number() {
  size_t start = pos_;
  auto isOct = [](unsigned char c) { return c >= '0' && c <= '7'; };
  auto isBin = [](unsigned char c) { return c == '0' || c == '1'; };
  char c1 = static_cast<char>(peek(1) | 0x20);
  if (peek() == '0' && (c1 == 'x' || c1 == 'o' || c1 == 'b')) {
    int base = c1 == 'x' ? 16 : c1 == 'o' ? 8 : 2;
    const char *kind = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
    bool (*pred)(unsigned char) = base == 16 ? isHex : base == 8 ? +isOct : +isBin;
    pos_ += 2;
    if (peek() == '_') ++pos_;
    if (!pred(static_cast<unsigned char>(peek()))) {
      if (isDigit(peek())) fail(pos_, std::string("invalid digit '") + peek() + "' in " + kind + " literal");
      else fail(pos_, std::string("invalid ") + kind + " literal");
      return;
    }
    size_t digitsBegin = pos_;
    if (!digitRun(pred, kind)) return;
    if (base != 16 && isDigit(peek())) {
      fail(pos_, std::string("invalid digit '") + peek() + "' in " + kind + " literal");
      return;
    }
    if (!verifyEndOfNumber(start, kind)) return;
    uint64_t v = 0;
    bool ovf = false;
    for (size_t i = digitsBegin; i < pos_; ++i) {
      if (src_[i] == '_') continue;
      uint64_t d = static_cast<uint64_t>(hexValue(static_cast<unsigned char>(src_[i])));
      if (v > (UINT64_MAX - d) / static_cast<uint64_t>(base)) ovf = true;
      v = v * static_cast<uint64_t>(base) + d;
    }
    Token &t = emit(Tok::Int, start, pos_);
    t.intValue = ovf ? 0 : v;
    t.overflow = ovf;
    return;
  }

  bool isFloat = false, imaginary = false;
  if (peek() != '.') {
    if (!digitRun(isDigit, "decimal")) return;
  }
  if (peek() == '.') {
    isFloat = true;
    ++pos_;
    if (isDigit(peek()) && !digitRun(isDigit, "decimal")) return;
  }
  if ((peek() | 0x20) == 'e') {
    size_t q = pos_ + 1;
    if (at(q) == '+' || at(q) == '-') ++q;
    if (isDigit(at(q))) {
      pos_ = q;
      if (!digitRun(isDigit, "decimal")) return;
      isFloat = true;
    } else if (q != pos_ + 1) {
      fail(q - 1, "invalid decimal literal");
      return;
    } else if (!verifyEndOfNumber(start, "decimal")) {
      return;
    }
  }
  if ((peek() | 0x20) == 'j') {
    imaginary = true;
    ++pos_;
  }
  if (!verifyEndOfNumber(start, imaginary ? "imaginary" : "decimal")) return;

  std::string digits;
  for (size_t i = start; i < pos_; ++i)
    if (src_[i] != '_' && (src_[i] | 0x20) != 'j') digits += src_[i];
  if (!isFloat && !imaginary) {
    bool leadingZero = digits.size() > 1 && digits[0] == '0';
    if (leadingZero && digits.find_first_not_of('0') != std::string::npos) {
      fail(start, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
      return;
    }
    uint64_t v = 0;
    bool ovf = false;
    for (char d : digits) {
      uint64_t dv = static_cast<uint64_t>(d - '0');
      if (v > (UINT64_MAX - dv) / 10) ovf = true;
      v = v * 10 + dv;
    }
    Token &t = emit(Tok::Int, start, pos_);
    t.intValue = ovf ? 0 : v;
    t.overflow = ovf;
    return;
  }
  Token &t = emit(Tok::Float, start, pos_);
  t.floatValue = std::strtod(digits.c_str(), nullptr);
  t.imaginary = imaginary;
}

void Lexer::string(size_t start, size_t prefixLen) {
  bool raw = false, bytes = false, fstr = false;
  for (size_t i = start; i < start + prefixLen; ++i) {
    char c = static_cast<char>(src_[i] | 0x20);
    raw |= c == 'r';
    bytes |= c == 'b';
    fstr |= c == 'f';
  }
  SourceLoc loc = locAt(start);
  pos_ = start + prefixLen;
  char q = peek();
  bool triple = peek(1) == q && peek(2) == q;
  pos_ += triple ? 3 : 1;
  size_t bodyBegin = pos_;
  size_t bodyEnd;
  while (true) {
    if (atEnd(pos_)) {
      fail(loc, std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                    " (detected at line " + std::to_string(line_) + ")");
      return;
    }
    char c = peek();
    if (c == '\0') { fail(pos_, "source code cannot contain null bytes"); return; }
    if (c == '\n' || (c == '\r' && peek(1) == '\n')) {
      if (!triple) {
        fail(loc, "unterminated string literal (detected at line " + std::to_string(line_) + ")");
        return;
      }
      pos_ += c == '\r' ? 2 : 1;
      newline(pos_);
      continue;
    }
    if (c == '\\') {
      // The escaped character never ends the string, whatever the prefix.
      ++pos_;
      if (peek() == '\n' || (peek() == '\r' && peek(1) == '\n')) {
        pos_ += peek() == '\r' ? 2 : 1;
        newline(pos_);
      } else if (!atEnd(pos_) && peek() != '\0') {
        ++pos_;
      }
      continue;
    }
    if (c == q && (!triple || (peek(1) == q && peek(2) == q))) {
      bodyEnd = pos_;
      pos_ += triple ? 3 : 1;
      break;
    }
    ++pos_;
  }
  std::string_view body = src_.substr(bodyBegin, bodyEnd - bodyBegin);
  std::string value, err;
  if (bytes) {
    for (char c : body)
      if (static_cast<unsigned char>(c) >= 0x80) {
        fail(loc, "bytes can only contain ASCII literal characters");
        return;
      }
  }
  if (raw || fstr) {
    for (size_t i = 0; i < body.size(); ++i)
      if (!(body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n')) value += body[i];
  } else if (!decode(body, bytes, value, err)) {
    fail(loc, err);
    return;
  }
  // The token's location is its start, even when it spans lines.
  Token t;
  t.kind = Tok::String;
  t.loc = loc;
  t.text = src_.substr(start, pos_ - start);
  t.str = std::move(value);
  t.isBytes = bytes;
  t.isFString = fstr;
  out_.push_back(std::move(t));
  lineHasTokens_ = true;
}

bool Lexer::decode(std::string_view body, bool isBytes, std::string &out, std::string &err) {
  auto truncated = [&](size_t a, size_t b, const char *what) {
    if (isBytes) err = "(value error) invalid \\x escape at position " + std::to_string(a);
    else
      err = "(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(a) + "-" +
            std::to_string(b) + ": truncated " + what + " escape";
    return false;
  };
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\r' && i + 1 < body.size() && body[i + 1] == '\n') continue;
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    size_t bs = i;
    char e = body[++i];
    switch (e) {
    case '\n': break;
    case '\r': if (i + 1 < body.size() && body[i + 1] == '\n') ++i; else out += "\\\r"; break;
    case '\\': out += '\\'; break;
    case '\'': out += '\''; break;
    case '"': out += '"'; break;
    case 'a': out += '\a'; break;
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'v': out += '\v'; break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
      uint32_t v = 0;
      size_t n = 0;
      while (n < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7') {
        v = v * 8 + static_cast<uint32_t>(body[i] - '0');
        ++i;
        ++n;
      }
      --i;
      if (isBytes) out += char(v & 0xFF);
      else appendUtf8(out, v);
      break;
    }
    case 'x': case 'u': case 'U': {
      if (isBytes && e != 'x') {
        out += '\\';
        out += e;
        break;
      }
      size_t want = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      uint32_t v = 0;
      size_t n = 0;
      while (n < want && i + 1 < body.size() && isHex(static_cast<unsigned char>(body[i + 1]))) {
        v = v * 16 + static_cast<uint32_t>(hexValue(static_cast<unsigned char>(body[i + 1])));
        ++i;
        ++n;
      }
      if (n < want)
        return truncated(bs, bs + 1 + n, e == 'x' ? "\\xXX" : e == 'u' ? "\\uXXXX" : "\\UXXXXXXXX");
      if (v > 0x10FFFF) {
        err = "(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(bs) + "-" +
              std::to_string(i) + ": illegal Unicode character";
        return false;
      }
      if (isBytes) out += char(v);
      else appendUtf8(out, v);
      break;
    }
    default:
      // Unknown escapes (and \N{...}) are kept as written.
      out += '\\';
      out += e;
    }
  }
  return true;
}

void Lexer::op() {
  size_t start = pos_;
  char c = peek(), c1 = peek(1), c2 = peek(2);
  Tok k;
  size_t n = 1;
  auto two = [&](char second, Tok t2, Tok t1) {
    if (c1 == second) { n = 2; return t2; }
    return t1;
  };
  switch (c) {
  case '(': case '[': case '{': {
    k = c == '(' ? Tok::LParen : c == '[' ? Tok::LBracket : Tok::LBrace;
    if (parens_.size() >= kMaxParenDepth) { fail(pos_, "too many nested parentheses"); return; }
    parens_.push_back({c, locAt(pos_)});
    break;
  }
  case ')': case ']': case '}': {
    k = c == ')' ? Tok::RParen : c == ']' ? Tok::RBracket : Tok::RBrace;
    if (parens_.empty()) { fail(pos_, std::string("unmatched '") + c + "'"); return; }
    Open o = parens_.back();
    char want = o.c == '(' ? ')' : o.c == '[' ? ']' : '}';
    if (c != want) {
      std::string msg = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + o.c + "'";
      if (o.loc.line != line_) msg += " on line " + std::to_string(o.loc.line);
      fail(pos_, msg);
      return;
    }
    parens_.pop_back();
    break;
  }
  case ':': k = two('=', Tok::ColonEqual, Tok::Colon); break;
  case ',': k = Tok::Comma; break;
  case ';': k = Tok::Semi; break;
  case '+': k = two('=', Tok::PlusEqual, Tok::Plus); break;
  case '-': k = c1 == '>' ? (n = 2, Tok::RArrow) : two('=', Tok::MinusEqual, Tok::Minus); break;
  case '*':
    if (c1 == '*') { n = c2 == '=' ? 3 : 2; k = n == 3 ? Tok::DoubleStarEqual : Tok::DoubleStar; }
    else k = two('=', Tok::StarEqual, Tok::Star);
    break;
  case '/':
    if (c1 == '/') { n = c2 == '=' ? 3 : 2; k = n == 3 ? Tok::DoubleSlashEqual : Tok::DoubleSlash; }
    else k = two('=', Tok::SlashEqual, Tok::Slash);
    break;
  case '<':
    if (c1 == '<') { n = c2 == '=' ? 3 : 2; k = n == 3 ? Tok::LeftShiftEqual : Tok::LeftShift; }
    else k = two('=', Tok::LessEqual, Tok::Less);
    break;
  case '>':
    if (c1 == '>') { n = c2 == '=' ? 3 : 2; k = n == 3 ? Tok::RightShiftEqual : Tok::RightShift; }
    else k = two('=', Tok::GreaterEqual, Tok::Greater);
    break;
  case '|': k = two('=', Tok::VBarEqual, Tok::VBar); break;
  case '&': k = two('=', Tok::AmperEqual, Tok::Amper); break;
  case '^': k = two('=', Tok::CircumflexEqual, Tok::Circumflex); break;
  case '%': k = two('=', Tok::PercentEqual, Tok::Percent); break;
  case '@': k = two('=', Tok::AtEqual, Tok::At); break;
  case '=': k = two('=', Tok::EqEqual, Tok::Equal); break;
  case '~': k = Tok::Tilde; break;
  case '!': k = two('=', Tok::NotEqual, Tok::Stray); break;
  case '.':
    if (c1 == '.' && c2 == '.') { n = 3; k = Tok::Ellipsis; }
    else k = Tok::Dot;
    break;
  default: {
    unsigned char u = static_cast<unsigned char>(c);
    char buf[64];
    if (u == 0) {
      fail(pos_, "source code cannot contain null bytes");
    } else if (u < 0x20 || u == 0x7F) {
      snprintf(buf, sizeof buf, "invalid non-printable character U+%04X", u);
      fail(pos_, buf);
    } else {
      snprintf(buf, sizeof buf, "invalid character '%c' (U+%04X)", c, u);
      fail(pos_, buf);
    }
    return;
  }
  }
  pos_ += n;
  emit(k, start, pos_);
}

} // namespace

std::vector<Token> tokenize(std::string_view text, uint32_t file) { return Lexer(text, file).run(); }

} // namespace parjit
