// The parser's internals, shared by Parser.cpp (statements) and
// parse_expr.cpp (expressions). Only those two files include this.
#pragma once
#include "frontend/AST.h"
#include "frontend/Lexer.h"
#include "support/Diagnostics.h"
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace parjit {
namespace parse {

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

inline bool startsExpr(Tok k) {
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

inline bool augOp(Tok k, BinOpKind &op) {
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
inline std::string describe(const Expr &e) {
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
  case ExprKind::Lambda: return "lambda";
  case ExprKind::UnsupportedExpr: {
    const std::string &w = static_cast<const UnsupportedExpr &>(e).what;
    if (w == "assignment expressions") return "named expression";
    if (w == "set literals") return "set display";
    if (!w.empty() && w.back() == 's') return w.substr(0, w.size() - 1);
    return w;
  }
  default: return "expression";
  }
}

// The first part of `e` that cannot be a target, or null if all can.
inline const Expr *invalidTarget(const Expr &e, bool forDel) {
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

} // namespace parse
} // namespace parjit
