// The abstract syntax tree of a Python source file, as the parser builds it.
// It covers the whole Python grammar that the parser accepts; constructs
// outside parjit's subset are kept as Unsupported nodes so that a function
// nobody calls may hold any Python, and one that is called gets a diagnostic
// naming the construct.
#pragma once
#include "support/Source.h"
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace parjit {
namespace typed { struct Type; }

namespace ast {

enum class ExprKind {
#define PJ_EXPR(K) K,
#include "frontend/ASTNodes.def"
};
enum class StmtKind {
#define PJ_STMT(K) K,
#include "frontend/ASTNodes.def"
};

enum class BinOpKind { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, MatMul, LShift, RShift, BitOr, BitXor, BitAnd };
enum class UnaryOpKind { Neg, Pos, Invert, Not };
enum class CmpOpKind { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };
enum class BoolOpKind { And, Or };

const char *spelling(BinOpKind k);   // "+", "//", ...
const char *spelling(UnaryOpKind k); // "-", "+", "~", "not"
const char *spelling(CmpOpKind k);   // "==", "is not", ...

struct Expr;
struct Stmt;
struct FunctionDef;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using ExprList = std::vector<ExprPtr>;
using StmtList = std::vector<StmtPtr>;

struct Expr {
  ExprKind kind;
  SourceLoc loc; // where the expression starts (for a BinOp: its operator)
  const typed::Type *type = nullptr; // filled by type inference
  explicit Expr(ExprKind k, SourceLoc l) : kind(k), loc(l) {}
  virtual ~Expr() = default;
};

#define PJ_EXPR_CLASS(K) \
  static constexpr ExprKind Kind = ExprKind::K; \
  static bool classof(const Expr *e) { return e->kind == ExprKind::K; }

struct Name : Expr { PJ_EXPR_CLASS(Name)
  std::string id;
  /// Set by closure conversion when the name refers to a function defined
  /// inside an enclosing function (a nested def or a lambda assigned to a name).
  const FunctionDef *function = nullptr;
  Name(SourceLoc l, std::string i) : Expr(Kind, l), id(std::move(i)) {}
};
struct IntLit : Expr { PJ_EXPR_CLASS(IntLit)
  // A literal that does not fit in 64 bits sets overflow (a diagnostic if used).
  uint64_t value = 0; bool overflow = false;
  IntLit(SourceLoc l, uint64_t v, bool ovf = false) : Expr(Kind, l), value(v), overflow(ovf) {}
};
struct FloatLit : Expr { PJ_EXPR_CLASS(FloatLit)
  double value = 0; bool imaginary = false; // 2j is a FloatLit with imaginary set
  FloatLit(SourceLoc l, double v, bool imag = false) : Expr(Kind, l), value(v), imaginary(imag) {}
};
struct StrLit : Expr { PJ_EXPR_CLASS(StrLit)
  // Decoded text (escapes resolved; adjacent literals concatenated).
  // bytes and f-strings are StrLit with these flags set.
  std::string value; bool isBytes = false; bool isFString = false;
  StrLit(SourceLoc l, std::string v) : Expr(Kind, l), value(std::move(v)) {}
};
struct BoolLit : Expr { PJ_EXPR_CLASS(BoolLit)
  bool value; BoolLit(SourceLoc l, bool v) : Expr(Kind, l), value(v) {}
};
struct NoneLit : Expr { PJ_EXPR_CLASS(NoneLit)
  explicit NoneLit(SourceLoc l) : Expr(Kind, l) {}
};
struct EllipsisLit : Expr { PJ_EXPR_CLASS(EllipsisLit)
  explicit EllipsisLit(SourceLoc l) : Expr(Kind, l) {}
};
struct BinOp : Expr { PJ_EXPR_CLASS(BinOp)
  BinOpKind op; ExprPtr lhs, rhs;
  BinOp(SourceLoc l, BinOpKind o, ExprPtr a, ExprPtr b) : Expr(Kind, l), op(o), lhs(std::move(a)), rhs(std::move(b)) {}
};
struct UnaryOp : Expr { PJ_EXPR_CLASS(UnaryOp)
  UnaryOpKind op; ExprPtr operand;
  UnaryOp(SourceLoc l, UnaryOpKind o, ExprPtr e) : Expr(Kind, l), op(o), operand(std::move(e)) {}
};
/// `a and b and c`: values has every operand.
struct BoolOp : Expr { PJ_EXPR_CLASS(BoolOp)
  BoolOpKind op; ExprList values;
  BoolOp(SourceLoc l, BoolOpKind o, ExprList v) : Expr(Kind, l), op(o), values(std::move(v)) {}
};
/// `a < b <= c`: ops.size() == comparators.size().
struct Compare : Expr { PJ_EXPR_CLASS(Compare)
  ExprPtr left; std::vector<CmpOpKind> ops; ExprList comparators;
  std::vector<SourceLoc> opLocs;
  Compare(SourceLoc l, ExprPtr lhs) : Expr(Kind, l), left(std::move(lhs)) {}
};
struct Keyword {
  SourceLoc loc; std::string name; // name is "" for **kwargs
  ExprPtr value;
  /// Added by closure conversion: a variable of the caller that the called
  /// nested function reads, passed to its hidden parameter of that name.
  bool hidden = false;
  /// Hidden too: the default of parameter `name` of a nested function, as
  /// computed where the function was defined (Python evaluates a default
  /// once, then); it binds the parameter only if the call does not.
  bool isDefault = false;
};
struct Call : Expr { PJ_EXPR_CLASS(Call)
  ExprPtr func; ExprList args; std::vector<Keyword> keywords;
  Call(SourceLoc l, ExprPtr f) : Expr(Kind, l), func(std::move(f)) {}
};
struct Attribute : Expr { PJ_EXPR_CLASS(Attribute)
  ExprPtr value; std::string attr; SourceLoc attrLoc;
  Attribute(SourceLoc l, ExprPtr v, std::string a) : Expr(Kind, l), value(std::move(v)), attr(std::move(a)) {}
};
/// `a[i]`, `a[i, j]` (index is a Tuple), `a[1:2]` (index is a Slice).
struct Subscript : Expr { PJ_EXPR_CLASS(Subscript)
  ExprPtr value, index;
  Subscript(SourceLoc l, ExprPtr v, ExprPtr i) : Expr(Kind, l), value(std::move(v)), index(std::move(i)) {}
};
struct Slice : Expr { PJ_EXPR_CLASS(Slice)
  ExprPtr lower, upper, step; // each may be null
  explicit Slice(SourceLoc l) : Expr(Kind, l) {}
};
struct Tuple : Expr { PJ_EXPR_CLASS(Tuple)
  ExprList elts; bool parenthesized = false;
  Tuple(SourceLoc l, ExprList e) : Expr(Kind, l), elts(std::move(e)) {}
};
struct List : Expr { PJ_EXPR_CLASS(List)
  ExprList elts;
  List(SourceLoc l, ExprList e) : Expr(Kind, l), elts(std::move(e)) {}
};
struct IfExp : Expr { PJ_EXPR_CLASS(IfExp)
  ExprPtr test, body, orelse;
  IfExp(SourceLoc l, ExprPtr t, ExprPtr b, ExprPtr o) : Expr(Kind, l), test(std::move(t)), body(std::move(b)), orelse(std::move(o)) {}
};
struct Starred : Expr { PJ_EXPR_CLASS(Starred)
  ExprPtr value; bool doubleStar = false;
  Starred(SourceLoc l, ExprPtr v) : Expr(Kind, l), value(std::move(v)) {}
};
struct Param {
  enum Kind { Normal, VarArgs, KwOnly, KwArgs } kind = Normal;
  SourceLoc loc; std::string name;
  ExprPtr annotation, defaultValue; // may be null
  /// Added by closure conversion: a variable of an enclosing function that
  /// this nested function reads. Hidden parameters come after the others;
  /// callers pass them as hidden keywords.
  bool hidden = false;
};
/// `lambda params: body`. The statement `name = lambda ...` becomes a
/// FunctionDef (see closures.cpp); a lambda anywhere else stays this node.
struct Lambda : Expr { PJ_EXPR_CLASS(Lambda)
  std::vector<Param> params; ExprPtr body;
  explicit Lambda(SourceLoc l) : Expr(Kind, l) {}
};
/// A parsed construct outside the subset: dict/set displays, comprehensions,
/// yield, await, walrus, ... `what` names it for diagnostics, in the
/// plural ("list comprehensions"); children are kept only for completeness.
struct UnsupportedExpr : Expr { PJ_EXPR_CLASS(UnsupportedExpr)
  std::string what; ExprList children;
  UnsupportedExpr(SourceLoc l, std::string w) : Expr(Kind, l), what(std::move(w)) {}
};
#undef PJ_EXPR_CLASS

struct Stmt {
  StmtKind kind;
  SourceLoc loc;
  explicit Stmt(StmtKind k, SourceLoc l) : kind(k), loc(l) {}
  virtual ~Stmt() = default;
};

#define PJ_STMT_CLASS(K) \
  static constexpr StmtKind Kind = StmtKind::K; \
  static bool classof(const Stmt *s) { return s->kind == StmtKind::K; }

struct ExprStmt : Stmt { PJ_STMT_CLASS(ExprStmt)
  ExprPtr value;
  ExprStmt(SourceLoc l, ExprPtr v) : Stmt(Kind, l), value(std::move(v)) {}
};
/// `a = b = value`: targets in source order.
struct Assign : Stmt { PJ_STMT_CLASS(Assign)
  ExprList targets; ExprPtr value;
  Assign(SourceLoc l) : Stmt(Kind, l) {}
};
struct AugAssign : Stmt { PJ_STMT_CLASS(AugAssign)
  ExprPtr target; BinOpKind op; ExprPtr value; SourceLoc opLoc;
  AugAssign(SourceLoc l, ExprPtr t, BinOpKind o, ExprPtr v) : Stmt(Kind, l), target(std::move(t)), op(o), value(std::move(v)) {}
};
/// `x: T = value` (value may be null).
struct AnnAssign : Stmt { PJ_STMT_CLASS(AnnAssign)
  ExprPtr target, annotation, value;
  AnnAssign(SourceLoc l) : Stmt(Kind, l) {}
};
struct If : Stmt { PJ_STMT_CLASS(If)
  // elif chains are nested Ifs in orelse.
  ExprPtr test; StmtList body, orelse;
  If(SourceLoc l, ExprPtr t) : Stmt(Kind, l), test(std::move(t)) {}
};
struct For : Stmt { PJ_STMT_CLASS(For)
  ExprPtr target, iter; StmtList body, orelse;
  For(SourceLoc l) : Stmt(Kind, l) {}
};
struct While : Stmt { PJ_STMT_CLASS(While)
  ExprPtr test; StmtList body, orelse;
  While(SourceLoc l, ExprPtr t) : Stmt(Kind, l), test(std::move(t)) {}
};
struct Break : Stmt { PJ_STMT_CLASS(Break) explicit Break(SourceLoc l) : Stmt(Kind, l) {} };
struct Continue : Stmt { PJ_STMT_CLASS(Continue) explicit Continue(SourceLoc l) : Stmt(Kind, l) {} };
struct Pass : Stmt { PJ_STMT_CLASS(Pass) explicit Pass(SourceLoc l) : Stmt(Kind, l) {} };
struct Return : Stmt { PJ_STMT_CLASS(Return)
  ExprPtr value; // may be null
  Return(SourceLoc l, ExprPtr v) : Stmt(Kind, l), value(std::move(v)) {}
};
struct Assert : Stmt { PJ_STMT_CLASS(Assert)
  ExprPtr test, msg; // msg may be null
  Assert(SourceLoc l, ExprPtr t, ExprPtr m) : Stmt(Kind, l), test(std::move(t)), msg(std::move(m)) {}
};
struct Raise : Stmt { PJ_STMT_CLASS(Raise)
  ExprPtr exc, cause; // both may be null
  explicit Raise(SourceLoc l) : Stmt(Kind, l) {}
};
struct FunctionDef : Stmt { PJ_STMT_CLASS(FunctionDef)
  std::string name; std::vector<Param> params; ExprList decorators;
  ExprPtr returns; StmtList body; bool isAsync = false;
  SourceLoc nameLoc;
  // ---- set by closure conversion (closures.cpp) ----
  /// The function this one is defined in (null at module level).
  const FunctionDef *enclosing = nullptr;
  /// Made from `name = lambda ...: ...` (CPython calls it "<lambda>").
  bool isLambda = false;
  /// CPython's __qualname__: "f", "f.<locals>.g", "f.<locals>.<lambda>".
  std::string qualname;
  /// Errors about the nested functions of this function's body, reported
  /// when this function is compiled (an uncompiled function may hold any Python).
  std::vector<std::pair<SourceLoc, std::string>> closureErrors;
  FunctionDef(SourceLoc l) : Stmt(Kind, l) {}
  /// The name CPython's error messages use: the qualname.
  const std::string &shownName() const { return qualname.empty() ? name : qualname; }
};

struct Alias { SourceLoc loc; std::string name, asname; }; // asname "" if none; name is dotted ("os.path")
struct Import : Stmt { PJ_STMT_CLASS(Import)
  std::vector<Alias> names;
  explicit Import(SourceLoc l) : Stmt(Kind, l) {}
};
struct ImportFrom : Stmt { PJ_STMT_CLASS(ImportFrom)
  std::string module; int level = 0; std::vector<Alias> names; // name "*" for star import
  explicit ImportFrom(SourceLoc l) : Stmt(Kind, l) {}
};
/// A parsed statement outside the subset: class, with, try, global,
/// nonlocal, del, async for/with, match. `what` names it ("class definitions").
/// Bodies are kept so nested functions still parse.
struct UnsupportedStmt : Stmt { PJ_STMT_CLASS(UnsupportedStmt)
  std::string what; StmtList body;
  std::string name; // the class name, for class definitions
  std::vector<std::string> names; // the names a global or nonlocal statement declares
  UnsupportedStmt(SourceLoc l, std::string w) : Stmt(Kind, l), what(std::move(w)) {}
};
#undef PJ_STMT_CLASS

struct Module {
  uint32_t file = 0;
  StmtList body;
};

/// Adds the names a statement binds in its function's scope (assignment,
/// for and import targets, nested def names; not inside nested defs).
/// Python makes each of them local to the function.
void collectBoundNames(const Stmt &s, std::set<std::string> &out);
void collectTargetNames(const Expr &target, std::set<std::string> &out);

/// Closure conversion, run by parseModule: `name = lambda ...` becomes a
/// def (nested in a function, or at module level); each nested def gets
/// a hidden parameter per variable of an enclosing function it reads, and
/// every call of it passes those variables (see closures.cpp).
void convertClosures(Module &m);
/// Calls `fn` on each module-level def: at the top level, or in a top-level
/// if/for/while block (`if __name__ == "__main__":`), not inside another def.
void forEachModuleDef(StmtList &body, const std::function<void(FunctionDef &)> &fn);

/// Calls `f` on each direct sub-expression of `e`, in evaluation order.
void forEachChild(const Expr &e, const std::function<void(const Expr &)> &f);
/// Calls `onExpr` on each expression of `s` itself (not of nested
/// statements) and `onStmt` on each statement of its bodies, in order.
/// Nested function and class bodies are not visited.
void forEachChild(const Stmt &s, const std::function<void(const Expr &)> &onExpr,
                  const std::function<void(const Stmt &)> &onStmt);

} // namespace ast
} // namespace parjit
