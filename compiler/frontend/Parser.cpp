// Recursive-descent parser for the Python 3.11 grammar (Grammar/python.gram),
// one function per rule, over the token vector from the lexer. The first
// error ends parsing; its message and location follow CPython's.
#include "frontend/Lexer.h"
#include "frontend/Parser.h"

namespace parjit {
namespace {

using namespace ast;

// Nesting beyond this is an error, not a stack overflow. The lexer already
// caps brackets at 200 and indentation at 100 levels; this bounds the rest
// (`- - - x`, `not not x`, `lambda: lambda: x`, chained conditionals).
constexpr int kMaxDepth = 1000;
// Left-associative chains (`a + b + ...`, `a.b.c...`) build trees as deep as
// they are long; every later pass recurses over them.
constexpr int kMaxChain = 1000;

template <class T, class... Args> std::unique_ptr<T> make(Args &&...args) {
  return std::make_unique<T>(std::forward<Args>(args)...);
}

template <class T> T *as(Expr *e) { return e && e->kind == T::Kind ? static_cast<T *>(e) : nullptr; }
template <class T> const T *as(const Expr *e) { return e && e->kind == T::Kind ? static_cast<const T *>(e) : nullptr; }

bool startsExpr(Tok k) {
  switch (k) {
  case Tok::Name: case Tok::Int: case Tok::Float: case Tok::String: case Tok::LParen:
  case Tok::LBracket: case Tok::LBrace: case Tok::Minus: case Tok::Plus: case Tok::Tilde:
  case Tok::KwNot: case Tok::KwLambda: case Tok::KwAwait: case Tok::KwTrue: case Tok::KwFalse:
  case Tok::KwNone: case Tok::Ellipsis: case Tok::Star:
    return true;
  default:
    return false;
  }
}

bool augOp(Tok k, BinOpKind &op) {
  switch (k) {
  case Tok::PlusEqual: op = BinOpKind::Add; return true;
  case Tok::MinusEqual: op = BinOpKind::Sub; return true;
  case Tok::StarEqual: op = BinOpKind::Mul; return true;
  case Tok::SlashEqual: op = BinOpKind::Div; return true;
  case Tok::DoubleSlashEqual: op = BinOpKind::FloorDiv; return true;
  case Tok::PercentEqual: op = BinOpKind::Mod; return true;
  case Tok::DoubleStarEqual: op = BinOpKind::Pow; return true;
  case Tok::AtEqual: op = BinOpKind::MatMul; return true;
  case Tok::LeftShiftEqual: op = BinOpKind::LShift; return true;
  case Tok::RightShiftEqual: op = BinOpKind::RShift; return true;
  case Tok::VBarEqual: op = BinOpKind::BitOr; return true;
  case Tok::CircumflexEqual: op = BinOpKind::BitXor; return true;
  case Tok::AmperEqual: op = BinOpKind::BitAnd; return true;
  default: return false;
  }
}

// How CPython names an expression that cannot be assigned to.
std::string describe(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Call: return "function call";
  case ExprKind::IntLit: case ExprKind::FloatLit: return "literal";
  case ExprKind::StrLit: return static_cast<const StrLit &>(e).isFString ? "f-string expression" : "literal";
  case ExprKind::BoolLit: return static_cast<const BoolLit &>(e).value ? "True" : "False";
  case ExprKind::NoneLit: return "None";
  case ExprKind::EllipsisLit: return "ellipsis";
  case ExprKind::Compare: return "comparison";
  case ExprKind::IfExp: return "conditional expression";
  case ExprKind::Tuple: return "tuple";
  case ExprKind::List: return "list";
  case ExprKind::Starred: return "starred";
  case ExprKind::UnsupportedExpr: {
    const std::string &w = static_cast<const UnsupportedExpr &>(e).what;
    if (w == "lambda expressions") return "lambda";
    if (w == "assignment expressions") return "named expression";
    if (w == "set literals") return "set display";
    if (!w.empty() && w.back() == 's') return w.substr(0, w.size() - 1);
    return w;
  }
  default: return "expression";
  }
}

// The first part of `e` that cannot be a target, or null if all can.
const Expr *invalidTarget(const Expr &e, bool forDel) {
  switch (e.kind) {
  case ExprKind::Name: case ExprKind::Attribute: case ExprKind::Subscript: return nullptr;
  case ExprKind::Tuple: case ExprKind::List: {
    const ExprList &elts = e.kind == ExprKind::Tuple ? static_cast<const Tuple &>(e).elts : static_cast<const List &>(e).elts;
    for (const ExprPtr &x : elts)
      if (const Expr *bad = invalidTarget(*x, forDel)) return bad;
    return nullptr;
  }
  case ExprKind::Starred:
    if (forDel) return &e;
    return invalidTarget(*static_cast<const Starred &>(e).value, forDel);
  default: return &e;
  }
}

// What every parse function returns on error: false, or a null node.
struct Failed {
  operator bool() const { return false; }
  template <class T> operator std::unique_ptr<T>() const { return nullptr; }
};

class Parser {
public:
  Parser(std::vector<Token> toks, DiagnosticEngine &diags) : toks_(std::move(toks)), diags_(diags) {}
  bool parseFile(StmtList &out);

private:
  struct DepthGuard {
    Parser &p;
    bool ok;
    explicit DepthGuard(Parser &parser) : p(parser), ok(++parser.depth_ <= kMaxDepth) {}
    ~DepthGuard() { --p.depth_; }
  };

  // ---- tokens
  const Token &cur() const { return toks_[p_]; }
  const Token &ahead(size_t k) const { return toks_[std::min(p_ + k, toks_.size() - 1)]; }
  bool at(Tok k) const { return cur().kind == k; }
  void advance() { if (p_ + 1 < toks_.size()) ++p_; }
  bool accept(Tok k) {
    if (!at(k)) return false;
    advance();
    return true;
  }

  // ---- errors: the first one wins; all return null/false so callers just propagate.
  Failed fail(SourceLoc loc, std::string msg, bool lexerOverrides = true) {
    if (failed_) return {};
    failed_ = true;
    // CPython tokenizes the rest of the file after a parser error and reports
    // a tokenizer error instead, if there is one; not after an unexpected indent.
    const Token &last = toks_.back();
    if (lexerOverrides && last.kind == Tok::Error) diags_.error(last.loc, last.str);
    else diags_.error(loc, std::move(msg));
    return {};
  }
  Failed syntaxError(const Token &t) {
    if (t.kind == Tok::Indent) return fail(t.loc, "unexpected indent", false);
    return fail(t.loc, "invalid syntax");
  }
  Failed tooDeep() { return fail(cur().loc, "too deeply nested expression"); }
  bool expect(Tok k) { return accept(k) || syntaxError(cur()); }
  bool expectColon() {
    if (accept(Tok::Colon)) return true;
    if (at(Tok::Newline)) return fail(cur().loc, "expected ':'");
    return syntaxError(cur());
  }
  bool checkTarget(const Expr &e, bool hint) {
    const Expr *bad = invalidTarget(e, false);
    if (!bad) return true;
    if (bad->kind == ExprKind::UnsupportedExpr && static_cast<const UnsupportedExpr *>(bad)->what == "yield expressions")
      return fail(bad->loc, "assignment to yield expression not possible");
    std::string what = describe(*bad);
    bool keyword = what == "None" || what == "True" || what == "False";
    return fail(startOf(*bad), "cannot assign to " + what +
                                   (hint && bad == &e && !keyword ? " here. Maybe you meant '==' instead of '='?" : ""));
  }
  // Start of an expression (BinOp/Compare/BoolOp keep their operator in loc).
  static SourceLoc startOf(const Expr &e) {
    const Expr *x = &e;
    for (int i = 0; i < kMaxDepth * 4; ++i) {
      if (auto *b = as<BinOp>(x)) x = b->lhs.get();
      else if (auto *c = as<Compare>(x)) x = c->left.get();
      else if (auto *o = as<BoolOp>(x)) x = o->values.front().get();
      else break;
    }
    return x->loc;
  }

  // ---- statements
  bool parseStatement(StmtList &out);
  bool parseSimpleStmts(StmtList &out);
  bool parseSmallStmt(StmtList &out);
  bool parseExprStmt(StmtList &out);
  bool parseBlock(StmtList &body, const std::string &after);
  bool parseIf(StmtList &out);
  bool parseWhile(StmtList &out);
  bool parseFor(StmtList &out, bool isAsync, SourceLoc asyncLoc);
  bool parseDef(StmtList &out, ExprList decorators, bool isAsync, SourceLoc start);
  bool parseDecorated(StmtList &out);
  bool parseClass(StmtList &out, SourceLoc start);
  bool parseWith(StmtList &out, bool isAsync, SourceLoc start);
  bool parseTry(StmtList &out);
  bool looksLikeMatch() const;
  bool parseMatch(StmtList &out);
  bool parseParams(std::vector<Param> &params, Tok close, bool annotations);
  bool parseImport(StmtList &out);
  bool parseFromImport(StmtList &out);
  bool parseDottedName(std::string &name);
  bool parseNameList(StmtList &out, const char *what);
  bool parseDel(StmtList &out);

  // ---- expressions
  ExprPtr parseTest();
  ExprPtr parseNamedExpr();
  ExprPtr parseStarOrNamed();
  ExprPtr parseStarOrTest();
  ExprPtr parseStarExprs();
  ExprPtr parseTargetList();
  ExprPtr parseTarget();
  ExprPtr parseYield();
  ExprPtr parseLambda();
  ExprPtr parseOr();
  ExprPtr parseAnd();
  ExprPtr parseNot();
  ExprPtr parseComparison();
  ExprPtr parseBinary(int level);
  ExprPtr parseFactor();
  ExprPtr parsePower();
  ExprPtr parsePrimary();
  ExprPtr parseAtom();
  ExprPtr parseStrings();
  ExprPtr parseParen();
  ExprPtr parseListDisplay();
  ExprPtr parseBraceDisplay();
  ExprPtr parseCall(SourceLoc start, ExprPtr func);
  ExprPtr parseSlices();
  ExprPtr parseSliceItem();
  bool parseComprehension(ExprList &children);

  std::vector<Token> toks_;
  size_t p_ = 0;
  DiagnosticEngine &diags_;
  bool failed_ = false;
  int depth_ = 0;
};

// ---------------------------------------------------------------- statements

bool Parser::parseFile(StmtList &out) {
  while (!at(Tok::EndOfFile))
    if (!parseStatement(out)) return false;
  return true;
}

std::string onLine(const char *what, const Token &t) { return std::string(what) + " on line " + std::to_string(t.loc.line); }

bool Parser::parseStatement(StmtList &out) {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc start = cur().loc;
  switch (cur().kind) {
  case Tok::KwIf: return parseIf(out);
  case Tok::KwWhile: return parseWhile(out);
  case Tok::KwFor: return parseFor(out, false, start);
  case Tok::KwDef: return parseDef(out, {}, false, start);
  case Tok::At: return parseDecorated(out);
  case Tok::KwClass: return parseClass(out, start);
  case Tok::KwWith: return parseWith(out, false, start);
  case Tok::KwTry: return parseTry(out);
  case Tok::KwAsync:
    advance();
    if (at(Tok::KwDef)) return parseDef(out, {}, true, start);
    if (at(Tok::KwFor)) return parseFor(out, true, start);
    if (at(Tok::KwWith)) return parseWith(out, true, start);
    return syntaxError(cur());
  case Tok::Indent: return syntaxError(cur());
  case Tok::Name:
    if (cur().text == "match" && looksLikeMatch()) return parseMatch(out);
    return parseSimpleStmts(out);
  default: return parseSimpleStmts(out);
  }
}

bool Parser::parseSimpleStmts(StmtList &out) {
  while (true) {
    if (!parseSmallStmt(out)) return false;
    if (!accept(Tok::Semi) || at(Tok::Newline)) break;
  }
  return expect(Tok::Newline);
}

bool Parser::parseBlock(StmtList &body, const std::string &after) {
  if (!accept(Tok::Newline)) return parseSimpleStmts(body);
  if (!at(Tok::Indent)) return fail(cur().loc, "expected an indented block after " + after);
  advance();
  while (!at(Tok::Dedent) && !at(Tok::EndOfFile))
    if (!parseStatement(body)) return false;
  accept(Tok::Dedent);
  return true;
}

bool Parser::parseIf(StmtList &out) {
  const Token &ifTok = cur();
  advance();
  ExprPtr test = parseNamedExpr();
  if (!test || !expectColon()) return false;
  auto node = make<If>(ifTok.loc, std::move(test));
  if (!parseBlock(node->body, onLine("'if' statement", ifTok))) return false;
  StmtList *tail = &node->orelse;
  while (at(Tok::KwElif)) {
    const Token &elifTok = cur();
    advance();
    ExprPtr t = parseNamedExpr();
    if (!t || !expectColon()) return false;
    auto elif = make<If>(elifTok.loc, std::move(t));
    if (!parseBlock(elif->body, onLine("'elif' statement", elifTok))) return false;
    StmtList *next = &elif->orelse;
    tail->push_back(std::move(elif));
    tail = next;
  }
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(*tail, onLine("'else' statement", elseTok))) return false;
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseWhile(StmtList &out) {
  const Token &whileTok = cur();
  advance();
  ExprPtr test = parseNamedExpr();
  if (!test || !expectColon()) return false;
  auto node = make<While>(whileTok.loc, std::move(test));
  if (!parseBlock(node->body, onLine("'while' statement", whileTok))) return false;
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->orelse, onLine("'else' statement", elseTok))) return false;
  }
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseFor(StmtList &out, bool isAsync, SourceLoc start) {
  const Token &forTok = cur();
  advance();
  auto node = make<For>(start);
  node->target = parseTargetList();
  if (!node->target || !checkTarget(*node->target, false) || !expect(Tok::KwIn)) return false;
  node->iter = parseStarExprs();
  if (!node->iter || !expectColon()) return false;
  if (!parseBlock(node->body, onLine("'for' statement", forTok))) return false;
  if (at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->orelse, onLine("'else' statement", elseTok))) return false;
  }
  if (isAsync) {
    auto u = make<UnsupportedStmt>(start, "async for loops");
    u->body = std::move(node->body);
    for (auto &s : node->orelse) u->body.push_back(std::move(s));
    out.push_back(std::move(u));
  } else {
    out.push_back(std::move(node));
  }
  return true;
}

bool Parser::parseDecorated(StmtList &out) {
  SourceLoc start = cur().loc;
  ExprList decorators;
  while (accept(Tok::At)) {
    ExprPtr d = parseNamedExpr();
    if (!d || !expect(Tok::Newline)) return false;
    decorators.push_back(std::move(d));
  }
  if (at(Tok::KwDef)) return parseDef(out, std::move(decorators), false, start);
  if (at(Tok::KwAsync) && ahead(1).kind == Tok::KwDef) {
    advance();
    return parseDef(out, std::move(decorators), true, start);
  }
  if (at(Tok::KwClass)) return parseClass(out, start);
  return syntaxError(cur());
}

bool Parser::parseDef(StmtList &out, ExprList decorators, bool isAsync, SourceLoc start) {
  const Token &defTok = cur();
  advance();
  auto node = make<FunctionDef>(start);
  node->decorators = std::move(decorators);
  node->isAsync = isAsync;
  if (!at(Tok::Name)) return syntaxError(cur());
  node->name = std::string(cur().text);
  node->nameLoc = cur().loc;
  advance();
  if (!expect(Tok::LParen) || !parseParams(node->params, Tok::RParen, true) || !expect(Tok::RParen)) return false;
  if (accept(Tok::RArrow) && !(node->returns = parseTest())) return false;
  if (!expectColon() || !parseBlock(node->body, onLine("function definition", defTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseParams(std::vector<Param> &params, Tok close, bool annotations) {
  bool seenSlash = false, seenStar = false, seenKwArgs = false, seenDefault = false, kwOnlyAfterStar = false;
  const Token *bareStar = nullptr;
  while (!at(close)) {
    const Token &t = cur();
    if (seenKwArgs) return fail(t.loc, "arguments cannot follow var-keyword argument");
    if (t.kind == Tok::Slash) {
      if (seenSlash) return fail(t.loc, "/ may appear only once");
      if (seenStar) return fail(t.loc, "/ must be ahead of *");
      if (params.empty()) return fail(t.loc, "at least one argument must precede /");
      seenSlash = true;
      advance();
    } else if (t.kind == Tok::Star || t.kind == Tok::DoubleStar) {
      bool dbl = t.kind == Tok::DoubleStar;
      advance();
      if (!dbl && seenStar) return fail(t.loc, "* argument may appear only once");
      if (!dbl && !at(Tok::Name)) {
        seenStar = true;
        bareStar = &t;
      } else {
        if (dbl && bareStar && !kwOnlyAfterStar) return fail(bareStar->loc, "named arguments must follow bare *");
        if (!at(Tok::Name)) return syntaxError(cur());
        Param prm;
        prm.kind = dbl ? Param::KwArgs : Param::VarArgs;
        prm.loc = t.loc;
        prm.name = std::string(cur().text);
        advance();
        if (annotations && accept(Tok::Colon)) {
          prm.annotation = dbl ? parseTest() : parseStarOrTest();
          if (!prm.annotation) return false;
        }
        if (at(Tok::Equal))
          return fail(cur().loc, dbl ? "var-keyword argument cannot have default value"
                                     : "var-positional argument cannot have default value");
        params.push_back(std::move(prm));
        if (dbl) seenKwArgs = true;
        else seenStar = true;
      }
    } else if (t.kind == Tok::Name) {
      Param prm;
      prm.kind = seenStar ? Param::KwOnly : Param::Normal;
      prm.loc = t.loc;
      prm.name = std::string(t.text);
      advance();
      if (annotations && accept(Tok::Colon) && !(prm.annotation = parseTest())) return false;
      if (accept(Tok::Equal) && !(prm.defaultValue = parseTest())) return false;
      if (seenStar) {
        kwOnlyAfterStar = true;
      } else if (prm.defaultValue) {
        seenDefault = true;
      } else if (seenDefault) {
        return fail(t.loc, "non-default argument follows default argument");
      }
      params.push_back(std::move(prm));
    } else {
      return syntaxError(t);
    }
    if (!accept(Tok::Comma)) break;
  }
  if (bareStar && !kwOnlyAfterStar) return fail(bareStar->loc, "named arguments must follow bare *");
  return true;
}

bool Parser::parseClass(StmtList &out, SourceLoc start) {
  const Token &classTok = cur();
  advance();
  if (!at(Tok::Name)) return syntaxError(cur());
  advance();
  if (at(Tok::LParen)) {
    ExprPtr bases = parseCall(cur().loc, make<Name>(classTok.loc, "class"));
    if (!bases) return false;
  }
  auto node = make<UnsupportedStmt>(start, "class definitions");
  if (!expectColon() || !parseBlock(node->body, onLine("class definition", classTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseWith(StmtList &out, bool isAsync, SourceLoc start) {
  const Token &withTok = cur();
  advance();
  // `with (a as b, c):` is a parenthesized item list; `with (a, b) as c:` and
  // `with (a) + b:` are expressions. Look past the matching ')' to tell.
  bool parenthesized = false;
  if (at(Tok::LParen)) {
    int level = 0;
    size_t i = p_;
    for (; i < toks_.size(); ++i) {
      Tok k = toks_[i].kind;
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if ((k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) && --level == 0) break;
      else if (k == Tok::Error || k == Tok::EndOfFile) break;
    }
    parenthesized = i + 1 < toks_.size() && toks_[i].kind == Tok::RParen && toks_[i + 1].kind == Tok::Colon;
    // ... and only with an `as` or a comma directly inside: `with (yield):` is an expression.
    bool itemList = false;
    level = 0;
    for (size_t j = p_; parenthesized && j < i; ++j) {
      Tok k = toks_[j].kind;
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
      else if (level == 1 && (k == Tok::KwAs || k == Tok::Comma)) itemList = true;
    }
    parenthesized = parenthesized && itemList;
  }
  if (parenthesized) advance();
  while (true) {
    ExprPtr item = parseTest();
    if (!item) return false;
    if (accept(Tok::KwAs)) {
      ExprPtr target = parseTarget();
      if (!target || !checkTarget(*target, false)) return false;
    }
    if (!accept(Tok::Comma)) break;
    if (parenthesized && at(Tok::RParen)) break;
  }
  if (parenthesized && !expect(Tok::RParen)) return false;
  auto node = make<UnsupportedStmt>(start, isAsync ? "async with statements" : "with statements");
  if (!expectColon() || !parseBlock(node->body, onLine("'with' statement", withTok))) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseTry(StmtList &out) {
  const Token &tryTok = cur();
  advance();
  auto node = make<UnsupportedStmt>(tryTok.loc, "try statements");
  if (!expectColon() || !parseBlock(node->body, onLine("'try' statement", tryTok))) return false;
  bool handlers = false;
  const Token *bare = nullptr;
  while (at(Tok::KwExcept)) {
    const Token &exceptTok = cur();
    if (bare) return fail(bare->loc, "default 'except:' must be last");
    advance();
    handlers = true;
    accept(Tok::Star);
    if (at(Tok::Colon)) {
      bare = &exceptTok;
    } else {
      ExprPtr type = parseTest();
      if (!type) return false;
      if (at(Tok::Comma)) return fail(startOf(*type), "multiple exception types must be parenthesized");
      if (accept(Tok::KwAs)) {
        if (!at(Tok::Name)) return syntaxError(cur());
        advance();
      }
    }
    if (!expectColon() || !parseBlock(node->body, onLine("'except' statement", exceptTok))) return false;
  }
  if (handlers && at(Tok::KwElse)) {
    const Token &elseTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->body, onLine("'else' statement", elseTok))) return false;
  }
  if (at(Tok::KwFinally)) {
    const Token &finallyTok = cur();
    advance();
    if (!expectColon() || !parseBlock(node->body, onLine("'finally' statement", finallyTok))) return false;
  } else if (!handlers) {
    return fail(cur().loc, "expected 'except' or 'finally' block");
  }
  out.push_back(std::move(node));
  return true;
}

// `match` is a soft keyword: a statement only as `match ...:` NEWLINE INDENT `case`.
bool Parser::looksLikeMatch() const {
  int level = 0;
  size_t i = p_ + 1;
  for (; i < toks_.size(); ++i) {
    Tok k = toks_[i].kind;
    if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
    else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
    else if (k == Tok::Error || k == Tok::EndOfFile || (k == Tok::Newline && level == 0)) break;
  }
  return i + 2 < toks_.size() && i > p_ + 2 && toks_[i].kind == Tok::Newline && toks_[i - 1].kind == Tok::Colon &&
         toks_[i + 1].kind == Tok::Indent && toks_[i + 2].kind == Tok::Name && toks_[i + 2].text == "case";
}

// Patterns are skipped, not parsed: match statements are outside the subset.
bool Parser::parseMatch(StmtList &out) {
  auto node = make<UnsupportedStmt>(cur().loc, "match statements");
  advance();
  ExprPtr subject = parseStarExprs();
  if (!subject || !expectColon() || !expect(Tok::Newline) || !expect(Tok::Indent)) return false;
  while (at(Tok::Name) && cur().text == "case") {
    const Token &caseTok = cur();
    advance();
    int level = 0;
    size_t patternBegin = p_;
    while (level > 0 || !at(Tok::Colon)) {
      Tok k = cur().kind;
      if (k == Tok::Newline || k == Tok::EndOfFile || k == Tok::Error) return syntaxError(cur());
      if (k == Tok::LParen || k == Tok::LBracket || k == Tok::LBrace) ++level;
      else if (k == Tok::RParen || k == Tok::RBracket || k == Tok::RBrace) --level;
      advance();
    }
    if (p_ == patternBegin) return syntaxError(cur());
    advance();
    if (!parseBlock(node->body, onLine("'case' statement", caseTok))) return false;
  }
  if (!accept(Tok::Dedent)) return syntaxError(cur());
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseSmallStmt(StmtList &out) {
  const Token &t = cur();
  switch (t.kind) {
  case Tok::KwPass: advance(); out.push_back(make<Pass>(t.loc)); return true;
  case Tok::KwBreak: advance(); out.push_back(make<Break>(t.loc)); return true;
  case Tok::KwContinue: advance(); out.push_back(make<Continue>(t.loc)); return true;
  case Tok::KwReturn: {
    advance();
    ExprPtr value;
    if (startsExpr(cur().kind) && !(value = parseStarExprs())) return false;
    out.push_back(make<Return>(t.loc, std::move(value)));
    return true;
  }
  case Tok::KwRaise: {
    advance();
    auto node = make<Raise>(t.loc);
    if (startsExpr(cur().kind)) {
      if (!(node->exc = parseTest())) return false;
      if (accept(Tok::KwFrom) && !(node->cause = parseTest())) return false;
    }
    out.push_back(std::move(node));
    return true;
  }
  case Tok::KwAssert: {
    advance();
    ExprPtr test = parseTest(), msg;
    if (!test) return false;
    if (accept(Tok::Comma) && !(msg = parseTest())) return false;
    out.push_back(make<Assert>(t.loc, std::move(test), std::move(msg)));
    return true;
  }
  case Tok::KwGlobal: return parseNameList(out, "global statements");
  case Tok::KwNonlocal: return parseNameList(out, "nonlocal statements");
  case Tok::KwDel: return parseDel(out);
  case Tok::KwImport: return parseImport(out);
  case Tok::KwFrom: return parseFromImport(out);
  default: return parseExprStmt(out);
  }
}

bool Parser::parseNameList(StmtList &out, const char *what) {
  SourceLoc start = cur().loc;
  advance();
  do {
    if (!at(Tok::Name)) return syntaxError(cur());
    advance();
  } while (accept(Tok::Comma));
  out.push_back(make<UnsupportedStmt>(start, what));
  return true;
}

bool Parser::parseDel(StmtList &out) {
  SourceLoc start = cur().loc;
  advance();
  ExprPtr targets = parseTargetList();
  if (!targets) return false;
  if (const Expr *bad = invalidTarget(*targets, true)) return fail(startOf(*bad), "cannot delete " + describe(*bad));
  out.push_back(make<UnsupportedStmt>(start, "del statements"));
  return true;
}

bool Parser::parseDottedName(std::string &name) {
  if (!at(Tok::Name)) return syntaxError(cur());
  name = std::string(cur().text);
  advance();
  while (accept(Tok::Dot)) {
    if (!at(Tok::Name)) return syntaxError(cur());
    name += ".";
    name += cur().text;
    advance();
  }
  return true;
}

bool Parser::parseImport(StmtList &out) {
  auto node = make<Import>(cur().loc);
  advance();
  do {
    Alias a;
    a.loc = cur().loc;
    if (!parseDottedName(a.name)) return false;
    if (accept(Tok::KwAs)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      a.asname = std::string(cur().text);
      advance();
    }
    node->names.push_back(std::move(a));
  } while (accept(Tok::Comma));
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseFromImport(StmtList &out) {
  auto node = make<ImportFrom>(cur().loc);
  advance();
  for (;; advance()) {
    if (at(Tok::Dot)) node->level += 1;
    else if (at(Tok::Ellipsis)) node->level += 3;
    else break;
  }
  if ((node->level == 0 || !at(Tok::KwImport)) && !parseDottedName(node->module)) return false;
  if (!expect(Tok::KwImport)) return false;
  if (at(Tok::Star)) {
    node->names.push_back({cur().loc, "*", ""});
    advance();
    out.push_back(std::move(node));
    return true;
  }
  bool paren = accept(Tok::LParen);
  while (true) {
    if (!at(Tok::Name)) return syntaxError(cur());
    Alias a{cur().loc, std::string(cur().text), ""};
    advance();
    if (accept(Tok::KwAs)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      a.asname = std::string(cur().text);
      advance();
    }
    node->names.push_back(std::move(a));
    if (!accept(Tok::Comma)) break;
    if (paren && at(Tok::RParen)) break;
    if (!paren && !at(Tok::Name)) return fail(cur().loc, "trailing comma not allowed without surrounding parentheses");
  }
  if (paren && !expect(Tok::RParen)) return false;
  out.push_back(std::move(node));
  return true;
}

bool Parser::parseExprStmt(StmtList &out) {
  SourceLoc start = cur().loc;
  ExprPtr first = at(Tok::KwYield) ? parseYield() : parseStarExprs();
  if (!first) return false;
  auto rhs = [&]() { return at(Tok::KwYield) ? parseYield() : parseStarExprs(); };
  BinOpKind op;
  if (at(Tok::Colon)) {
    if (auto *t = as<Tuple>(first.get()))
      return fail(t->elts.empty() ? t->loc : startOf(*first), "only single target (not tuple) can be annotated");
    if (as<List>(first.get())) return fail(first->loc, "only single target (not list) can be annotated");
    if (!as<Name>(first.get()) && !as<Attribute>(first.get()) && !as<Subscript>(first.get()))
      return fail(startOf(*first), "illegal target for annotation");
    advance();
    auto node = make<AnnAssign>(start);
    node->target = std::move(first);
    if (!(node->annotation = parseTest())) return false;
    if (accept(Tok::Equal) && !(node->value = rhs())) return false;
    out.push_back(std::move(node));
    return true;
  }
  if (augOp(cur().kind, op)) {
    SourceLoc opLoc = cur().loc;
    if (!as<Name>(first.get()) && !as<Attribute>(first.get()) && !as<Subscript>(first.get()))
      return fail(startOf(*first), "'" + describe(*first) + "' is an illegal expression for augmented assignment");
    advance();
    ExprPtr value = rhs();
    if (!value) return false;
    auto node = make<AugAssign>(opLoc, std::move(first), op, std::move(value));
    node->opLoc = opLoc;
    out.push_back(std::move(node));
    return true;
  }
  if (at(Tok::Equal)) {
    auto node = make<Assign>(start);
    node->targets.push_back(std::move(first));
    while (accept(Tok::Equal)) {
      ExprPtr e = rhs();
      if (!e) return false;
      node->targets.push_back(std::move(e));
    }
    node->value = std::move(node->targets.back());
    node->targets.pop_back();
    for (size_t i = 0; i < node->targets.size(); ++i)
      if (!checkTarget(*node->targets[i], i == 0 && node->targets.size() == 1)) return false;
    out.push_back(std::move(node));
    return true;
  }
  auto *name = as<Name>(first.get());
  if (name && (name->id == "print" || name->id == "exec") && startsExpr(cur().kind) && !at(Tok::Star) &&
      !at(Tok::Minus) && !at(Tok::Plus) && !at(Tok::LParen) && !at(Tok::LBracket))
    return fail(start, "Missing parentheses in call to '" + name->id + "'. Did you mean " + name->id + "(...)?");
  out.push_back(make<ExprStmt>(start, std::move(first)));
  return true;
}

// --------------------------------------------------------------- expressions

ExprPtr Parser::parseTest() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  if (at(Tok::KwLambda)) return parseLambda();
  SourceLoc start = cur().loc;
  ExprPtr body = parseOr();
  if (!body || !at(Tok::KwIf)) return body;
  advance();
  ExprPtr test = parseOr();
  if (!test) return nullptr;
  if (!accept(Tok::KwElse)) {
    if (at(Tok::Newline) || at(Tok::RParen) || at(Tok::Comma) || at(Tok::RBracket) || at(Tok::RBrace) || at(Tok::Equal))
      return fail(start, "expected 'else' after 'if' expression");
    return syntaxError(cur());
  }
  ExprPtr orelse = parseTest();
  if (!orelse) return nullptr;
  return make<IfExp>(start, std::move(test), std::move(body), std::move(orelse));
}

ExprPtr Parser::parseNamedExpr() {
  if (at(Tok::Name) && ahead(1).kind == Tok::ColonEqual) {
    SourceLoc start = cur().loc;
    auto target = make<Name>(start, std::string(cur().text));
    advance();
    advance();
    ExprPtr value = parseTest();
    if (!value) return nullptr;
    auto node = make<UnsupportedExpr>(start, "assignment expressions");
    node->children.push_back(std::move(target));
    node->children.push_back(std::move(value));
    return node;
  }
  ExprPtr e = parseTest();
  if (e && at(Tok::ColonEqual)) return fail(startOf(*e), "cannot use assignment expressions with " + describe(*e));
  return e;
}

ExprPtr Parser::parseStarOrNamed() {
  if (!at(Tok::Star)) return parseNamedExpr();
  SourceLoc start = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(start, std::move(v)) : nullptr;
}

ExprPtr Parser::parseStarOrTest() {
  if (!at(Tok::Star)) return parseTest();
  SourceLoc start = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(start, std::move(v)) : nullptr;
}

// star_expressions: `a`, `a, *b`, `a,` (the last two are Tuples).
ExprPtr Parser::parseStarExprs() {
  SourceLoc start = cur().loc;
  ExprPtr first = parseStarOrTest();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && startsExpr(cur().kind)) {
    if (elts.size() >= static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseStarOrTest();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

// One target (star_target); bitwise-or level, so that it stops before `in`.
ExprPtr Parser::parseTarget() {
  if (!at(Tok::Star)) return parseBinary(0);
  SourceLoc s = cur().loc;
  advance();
  ExprPtr v = parseBinary(0);
  return v ? make<Starred>(s, std::move(v)) : nullptr;
}

// The targets of `for`, `del` and comprehensions (star_targets).
ExprPtr Parser::parseTargetList() {
  SourceLoc start = cur().loc;
  auto one = [&]() { return parseTarget(); };
  ExprPtr first = one();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && startsExpr(cur().kind)) {
    ExprPtr e = one();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

ExprPtr Parser::parseYield() {
  auto node = make<UnsupportedExpr>(cur().loc, "yield expressions");
  advance();
  if (accept(Tok::KwFrom)) {
    ExprPtr v = parseTest();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
  } else if (startsExpr(cur().kind)) {
    ExprPtr v = parseStarExprs();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
  }
  return node;
}

ExprPtr Parser::parseLambda() {
  auto node = make<UnsupportedExpr>(cur().loc, "lambda expressions");
  advance();
  std::vector<Param> params;
  if (!parseParams(params, Tok::Colon, false) || !expect(Tok::Colon)) return nullptr;
  for (Param &p : params)
    if (p.defaultValue) node->children.push_back(std::move(p.defaultValue));
  ExprPtr body = parseTest();
  if (!body) return nullptr;
  node->children.push_back(std::move(body));
  return node;
}

ExprPtr Parser::parseOr() {
  ExprPtr first = parseAnd();
  if (!first || !at(Tok::KwOr)) return first;
  SourceLoc opLoc = cur().loc;
  ExprList values;
  values.push_back(std::move(first));
  while (accept(Tok::KwOr)) {
    if (values.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseAnd();
    if (!e) return nullptr;
    values.push_back(std::move(e));
  }
  return make<BoolOp>(opLoc, BoolOpKind::Or, std::move(values));
}

ExprPtr Parser::parseAnd() {
  ExprPtr first = parseNot();
  if (!first || !at(Tok::KwAnd)) return first;
  SourceLoc opLoc = cur().loc;
  ExprList values;
  values.push_back(std::move(first));
  while (accept(Tok::KwAnd)) {
    if (values.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr e = parseNot();
    if (!e) return nullptr;
    values.push_back(std::move(e));
  }
  return make<BoolOp>(opLoc, BoolOpKind::And, std::move(values));
}

ExprPtr Parser::parseNot() {
  if (!at(Tok::KwNot)) return parseComparison();
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc loc = cur().loc;
  advance();
  ExprPtr e = parseNot();
  return e ? make<UnaryOp>(loc, UnaryOpKind::Not, std::move(e)) : nullptr;
}

ExprPtr Parser::parseComparison() {
  ExprPtr left = parseBinary(0);
  if (!left) return nullptr;
  std::unique_ptr<Compare> cmp;
  while (true) {
    SourceLoc opLoc = cur().loc;
    CmpOpKind op;
    switch (cur().kind) {
    case Tok::EqEqual: op = CmpOpKind::Eq; break;
    case Tok::NotEqual: op = CmpOpKind::NotEq; break;
    case Tok::Less: op = CmpOpKind::Lt; break;
    case Tok::LessEqual: op = CmpOpKind::LtE; break;
    case Tok::Greater: op = CmpOpKind::Gt; break;
    case Tok::GreaterEqual: op = CmpOpKind::GtE; break;
    case Tok::KwIn: op = CmpOpKind::In; break;
    case Tok::KwIs: op = ahead(1).kind == Tok::KwNot ? (advance(), CmpOpKind::IsNot) : CmpOpKind::Is; break;
    case Tok::KwNot:
      if (ahead(1).kind != Tok::KwIn) return cmp ? std::move(cmp) : std::move(left);
      advance();
      op = CmpOpKind::NotIn;
      break;
    default: return cmp ? std::move(cmp) : std::move(left);
    }
    advance();
    if (!cmp) cmp = make<Compare>(opLoc, std::move(left));
    if (cmp->ops.size() > static_cast<size_t>(kMaxChain) * 100) return tooDeep();
    ExprPtr rhs = parseBinary(0);
    if (!rhs) return nullptr;
    cmp->ops.push_back(op);
    cmp->opLocs.push_back(opLoc);
    cmp->comparators.push_back(std::move(rhs));
  }
}

// Levels 0..5: | ^ & (<< >>) (+ -) (* / // % @), all left-associative.
ExprPtr Parser::parseBinary(int level) {
  if (level == 6) return parseFactor();
  ExprPtr lhs = parseBinary(level + 1);
  for (int n = 0; lhs; ++n) {
    BinOpKind op;
    Tok k = cur().kind;
    switch (level) {
    case 0: if (k != Tok::VBar) return lhs; op = BinOpKind::BitOr; break;
    case 1: if (k != Tok::Circumflex) return lhs; op = BinOpKind::BitXor; break;
    case 2: if (k != Tok::Amper) return lhs; op = BinOpKind::BitAnd; break;
    case 3:
      if (k == Tok::LeftShift) op = BinOpKind::LShift;
      else if (k == Tok::RightShift) op = BinOpKind::RShift;
      else return lhs;
      break;
    case 4:
      if (k == Tok::Plus) op = BinOpKind::Add;
      else if (k == Tok::Minus) op = BinOpKind::Sub;
      else return lhs;
      break;
    default:
      if (k == Tok::Star) op = BinOpKind::Mul;
      else if (k == Tok::Slash) op = BinOpKind::Div;
      else if (k == Tok::DoubleSlash) op = BinOpKind::FloorDiv;
      else if (k == Tok::Percent) op = BinOpKind::Mod;
      else if (k == Tok::At) op = BinOpKind::MatMul;
      else return lhs;
    }
    if (n >= kMaxChain) return tooDeep();
    SourceLoc opLoc = cur().loc;
    advance();
    ExprPtr rhs = parseBinary(level + 1);
    if (!rhs) return nullptr;
    lhs = make<BinOp>(opLoc, op, std::move(lhs), std::move(rhs));
  }
  return lhs;
}

ExprPtr Parser::parseFactor() {
  UnaryOpKind op;
  switch (cur().kind) {
  case Tok::Plus: op = UnaryOpKind::Pos; break;
  case Tok::Minus: op = UnaryOpKind::Neg; break;
  case Tok::Tilde: op = UnaryOpKind::Invert; break;
  default: return parsePower();
  }
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc loc = cur().loc;
  advance();
  ExprPtr e = parseFactor();
  return e ? make<UnaryOp>(loc, op, std::move(e)) : nullptr;
}

// `**` binds tighter than a unary operator on its left, looser on its right:
// -2**-1 is -(2**(-1)).
ExprPtr Parser::parsePower() {
  ExprPtr base;
  if (at(Tok::KwAwait)) {
    DepthGuard guard(*this);
    if (!guard.ok) return tooDeep();
    auto node = make<UnsupportedExpr>(cur().loc, "await expressions");
    advance();
    ExprPtr v = parsePrimary();
    if (!v) return nullptr;
    node->children.push_back(std::move(v));
    base = std::move(node);
  } else {
    base = parsePrimary();
  }
  if (!base || !at(Tok::DoubleStar)) return base;
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc opLoc = cur().loc;
  advance();
  ExprPtr exp = parseFactor();
  return exp ? make<BinOp>(opLoc, BinOpKind::Pow, std::move(base), std::move(exp)) : nullptr;
}

ExprPtr Parser::parsePrimary() {
  SourceLoc start = cur().loc;
  ExprPtr e = parseAtom();
  for (int n = 0; e; ++n) {
    if (n >= kMaxChain) return tooDeep();
    if (accept(Tok::Dot)) {
      if (!at(Tok::Name)) return syntaxError(cur());
      auto attr = make<Attribute>(start, std::move(e), std::string(cur().text));
      attr->attrLoc = cur().loc;
      advance();
      e = std::move(attr);
    } else if (at(Tok::LParen)) {
      e = parseCall(start, std::move(e));
    } else if (at(Tok::LBracket)) {
      DepthGuard guard(*this);
      if (!guard.ok) return tooDeep();
      advance();
      ExprPtr index = parseSlices();
      if (!index || !expect(Tok::RBracket)) return nullptr;
      e = make<Subscript>(start, std::move(e), std::move(index));
    } else {
      break;
    }
  }
  return e;
}

ExprPtr Parser::parseAtom() {
  const Token &t = cur();
  switch (t.kind) {
  case Tok::Name: advance(); return make<Name>(t.loc, std::string(t.text));
  case Tok::KwTrue: advance(); return make<BoolLit>(t.loc, true);
  case Tok::KwFalse: advance(); return make<BoolLit>(t.loc, false);
  case Tok::KwNone: advance(); return make<NoneLit>(t.loc);
  case Tok::Ellipsis: advance(); return make<EllipsisLit>(t.loc);
  case Tok::Int: advance(); return make<IntLit>(t.loc, t.intValue, t.overflow);
  case Tok::Float: advance(); return make<FloatLit>(t.loc, t.floatValue, t.imaginary);
  case Tok::String: return parseStrings();
  case Tok::LParen: return parseParen();
  case Tok::LBracket: return parseListDisplay();
  case Tok::LBrace: return parseBraceDisplay();
  default: return syntaxError(t);
  }
}

ExprPtr Parser::parseStrings() {
  const Token &first = cur();
  auto node = make<StrLit>(first.loc, std::string());
  node->isBytes = first.isBytes;
  for (; at(Tok::String); advance()) {
    if (cur().isBytes != first.isBytes) return fail(cur().loc, "cannot mix bytes and nonbytes literals");
    node->value += cur().str;
    node->isFString |= cur().isFString;
  }
  return node;
}

ExprPtr Parser::parseParen() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lpar = cur().loc;
  advance();
  if (accept(Tok::RParen)) {
    auto t = make<Tuple>(lpar, ExprList{});
    t->parenthesized = true;
    return t;
  }
  if (at(Tok::KwYield)) {
    ExprPtr y = parseYield();
    return y && expect(Tok::RParen) ? std::move(y) : nullptr;
  }
  ExprPtr first = parseStarOrNamed();
  if (!first) return nullptr;
  if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    auto g = make<UnsupportedExpr>(lpar, "generator expressions");
    g->children.push_back(std::move(first));
    if (!parseComprehension(g->children) || !expect(Tok::RParen)) return nullptr;
    return g;
  }
  if (accept(Tok::RParen)) {
    if (as<Starred>(first.get())) return fail(first->loc, "cannot use starred expression here");
    return first;
  }
  if (!at(Tok::Comma)) return syntaxError(cur());
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RParen)) {
    ExprPtr e = parseStarOrNamed();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  if (!expect(Tok::RParen)) return nullptr;
  auto t = make<Tuple>(lpar, std::move(elts));
  t->parenthesized = true;
  return t;
}

ExprPtr Parser::parseListDisplay() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lbrack = cur().loc;
  advance();
  ExprList elts;
  if (accept(Tok::RBracket)) return make<List>(lbrack, std::move(elts));
  ExprPtr first = parseStarOrNamed();
  if (!first) return nullptr;
  if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    auto c = make<UnsupportedExpr>(lbrack, "list comprehensions");
    c->children.push_back(std::move(first));
    if (!parseComprehension(c->children) || !expect(Tok::RBracket)) return nullptr;
    return c;
  }
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RBracket)) {
    ExprPtr e = parseStarOrNamed();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  if (!expect(Tok::RBracket)) return nullptr;
  return make<List>(lbrack, std::move(elts));
}

ExprPtr Parser::parseBraceDisplay() {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  SourceLoc lbrace = cur().loc;
  advance();
  if (accept(Tok::RBrace)) return make<UnsupportedExpr>(lbrace, "dict literals");
  ExprList children;
  bool isDict;
  if (accept(Tok::DoubleStar)) {
    ExprPtr v = parseBinary(0);
    if (!v) return nullptr;
    children.push_back(std::move(v));
    isDict = true;
  } else {
    ExprPtr k = parseStarOrNamed();
    if (!k) return nullptr;
    isDict = accept(Tok::Colon);
    children.push_back(std::move(k));
    if (isDict) {
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      children.push_back(std::move(v));
    }
    if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
      auto c = make<UnsupportedExpr>(lbrace, isDict ? "dict comprehensions" : "set comprehensions");
      c->children = std::move(children);
      if (!parseComprehension(c->children) || !expect(Tok::RBrace)) return nullptr;
      return c;
    }
  }
  while (accept(Tok::Comma) && !at(Tok::RBrace)) {
    if (isDict && accept(Tok::DoubleStar)) {
      ExprPtr v = parseBinary(0);
      if (!v) return nullptr;
      children.push_back(std::move(v));
      continue;
    }
    ExprPtr k = isDict ? parseStarOrNamed() : parseStarOrNamed();
    if (isDict && as<Starred>(k.get())) return syntaxError(cur());
    if (!k) return nullptr;
    children.push_back(std::move(k));
    if (isDict) {
      if (!accept(Tok::Colon)) return fail(startOf(*children.back()), "':' expected after dictionary key");
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      children.push_back(std::move(v));
    }
  }
  if (!expect(Tok::RBrace)) return nullptr;
  auto node = make<UnsupportedExpr>(lbrace, isDict ? "dict literals" : "set literals");
  node->children = std::move(children);
  return node;
}

// `for t in it if c ...` clauses after the element of a comprehension.
bool Parser::parseComprehension(ExprList &children) {
  while (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
    accept(Tok::KwAsync);
    advance();
    ExprPtr target = parseTargetList();
    if (!target || !checkTarget(*target, false) || !expect(Tok::KwIn)) return false;
    ExprPtr iter = parseOr();
    if (!iter) return false;
    children.push_back(std::move(target));
    children.push_back(std::move(iter));
    while (accept(Tok::KwIf)) {
      ExprPtr cond = parseOr();
      if (!cond) return false;
      children.push_back(std::move(cond));
    }
  }
  return true;
}

ExprPtr Parser::parseCall(SourceLoc start, ExprPtr func) {
  DepthGuard guard(*this);
  if (!guard.ok) return tooDeep();
  advance();
  auto call = make<Call>(start, std::move(func));
  bool sawKeyword = false, sawKwUnpack = false;
  while (!at(Tok::RParen)) {
    const Token &t = cur();
    if (t.kind == Tok::Star) {
      if (sawKwUnpack) return fail(t.loc, "iterable argument unpacking follows keyword argument unpacking");
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->args.push_back(make<Starred>(t.loc, std::move(v)));
    } else if (t.kind == Tok::DoubleStar) {
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->keywords.push_back({t.loc, "", std::move(v)});
      sawKwUnpack = true;
    } else if (t.kind == Tok::Name && ahead(1).kind == Tok::Equal) {
      advance();
      advance();
      ExprPtr v = parseTest();
      if (!v) return nullptr;
      call->keywords.push_back({t.loc, std::string(t.text), std::move(v)});
      sawKeyword = true;
    } else {
      ExprPtr e = parseNamedExpr();
      if (!e) return nullptr;
      if (at(Tok::Equal)) return fail(startOf(*e), "expression cannot contain assignment, perhaps you meant \"==\"?");
      if (at(Tok::KwFor) || (at(Tok::KwAsync) && ahead(1).kind == Tok::KwFor)) {
        auto g = make<UnsupportedExpr>(t.loc, "generator expressions");
        g->children.push_back(std::move(e));
        if (!parseComprehension(g->children)) return nullptr;
        if (!call->args.empty() || !call->keywords.empty() || !at(Tok::RParen))
          return fail(t.loc, "Generator expression must be parenthesized");
        e = std::move(g);
      }
      if (sawKwUnpack) return fail(t.loc, "positional argument follows keyword argument unpacking");
      if (sawKeyword) return fail(t.loc, "positional argument follows keyword argument");
      call->args.push_back(std::move(e));
    }
    if (!accept(Tok::Comma)) break;
  }
  if (!expect(Tok::RParen)) return nullptr;
  return call;
}

// The inside of `a[...]`: one index, a Slice, or a Tuple of them.
ExprPtr Parser::parseSlices() {
  SourceLoc start = cur().loc;
  ExprPtr first = parseSliceItem();
  if (!first || !at(Tok::Comma)) return first;
  ExprList elts;
  elts.push_back(std::move(first));
  while (accept(Tok::Comma) && !at(Tok::RBracket)) {
    ExprPtr e = parseSliceItem();
    if (!e) return nullptr;
    elts.push_back(std::move(e));
  }
  return make<Tuple>(start, std::move(elts));
}

ExprPtr Parser::parseSliceItem() {
  SourceLoc start = cur().loc;
  if (at(Tok::Star)) return parseStarOrNamed();
  ExprPtr lower;
  if (!at(Tok::Colon)) {
    lower = parseNamedExpr();
    if (!lower || !at(Tok::Colon)) return lower;
  }
  advance();
  auto s = make<Slice>(start);
  s->lower = std::move(lower);
  auto endOfPart = [&]() { return at(Tok::Colon) || at(Tok::Comma) || at(Tok::RBracket); };
  if (!endOfPart() && !(s->upper = parseTest())) return nullptr;
  if (accept(Tok::Colon) && !at(Tok::Comma) && !at(Tok::RBracket) && !(s->step = parseTest())) return nullptr;
  return s;
}

} // namespace

std::optional<ast::Module> parseModule(const SourceManager &sm, uint32_t file, DiagnosticEngine &diags) {
  Parser parser(tokenize(sm.text(file), file), diags);
  ast::Module m;
  m.file = file;
  if (!parser.parseFile(m.body)) return std::nullopt;
  return m;
}

} // namespace parjit
