// Operator spellings and the S-expression dump used by tests and
// `parjit dump-ast`. The dump format is documented in docs by example:
//   (def saxpy (a x y)
//     (for (name i) (call (name range) (call (name len) (name x)))
//       (augassign += (subscript (name y) (name i)) (binop * (name a) (subscript (name x) (name i))))))
#include "frontend/AST.h"
#include "frontend/Parser.h"
#include "llvm/Support/Casting.h"
#include <cstdio>
#include <cstdlib>

namespace parjit {
namespace ast {

const char *spelling(BinOpKind k) {
  switch (k) {
  case BinOpKind::Add: return "+";
  case BinOpKind::Sub: return "-";
  case BinOpKind::Mul: return "*";
  case BinOpKind::Div: return "/";
  case BinOpKind::FloorDiv: return "//";
  case BinOpKind::Mod: return "%";
  case BinOpKind::Pow: return "**";
  case BinOpKind::MatMul: return "@";
  case BinOpKind::LShift: return "<<";
  case BinOpKind::RShift: return ">>";
  case BinOpKind::BitOr: return "|";
  case BinOpKind::BitXor: return "^";
  case BinOpKind::BitAnd: return "&";
  }
  return "?";
}

const char *spelling(UnaryOpKind k) {
  switch (k) {
  case UnaryOpKind::Neg: return "-";
  case UnaryOpKind::Pos: return "+";
  case UnaryOpKind::Invert: return "~";
  case UnaryOpKind::Not: return "not";
  }
  return "?";
}

const char *spelling(CmpOpKind k) {
  switch (k) {
  case CmpOpKind::Eq: return "==";
  case CmpOpKind::NotEq: return "!=";
  case CmpOpKind::Lt: return "<";
  case CmpOpKind::LtE: return "<=";
  case CmpOpKind::Gt: return ">";
  case CmpOpKind::GtE: return ">=";
  case CmpOpKind::Is: return "is";
  case CmpOpKind::IsNot: return "is not";
  case CmpOpKind::In: return "in";
  case CmpOpKind::NotIn: return "not in";
  }
  return "?";
}

} // namespace ast

namespace {

using namespace ast;

// The shortest decimal form that reads back as the same double.
std::string formatDouble(double v) {
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0"; // 2.0, not 2
  return s;
}

std::string quote(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        char buf[8];
        snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += char(c);
      }
    }
  }
  return out + "\"";
}

class Dumper {
public:
  std::string out;

  void stmts(const StmtList &body, int indent) {
    for (const StmtPtr &s : body) stmt(*s, indent);
  }

private:
  void expr(const Expr *e) {
    if (!e) { out += "_"; return; }
    switch (e->kind) {
    case ExprKind::Name: out += "(name " + static_cast<const Name *>(e)->id + ")"; return;
    case ExprKind::IntLit: {
      auto *i = static_cast<const IntLit *>(e);
      out += i->overflow ? "(int overflow)" : "(int " + std::to_string(i->value) + ")";
      return;
    }
    case ExprKind::FloatLit: {
      auto *f = static_cast<const FloatLit *>(e);
      out += (f->imaginary ? "(imag " : "(float ") + formatDouble(f->value) + ")";
      return;
    }
    case ExprKind::StrLit: {
      auto *s = static_cast<const StrLit *>(e);
      out += s->isBytes ? "(bytes " : s->isFString ? "(fstr " : "(str ";
      out += quote(s->value) + ")";
      return;
    }
    case ExprKind::BoolLit: out += static_cast<const BoolLit *>(e)->value ? "(bool True)" : "(bool False)"; return;
    case ExprKind::NoneLit: out += "(none)"; return;
    case ExprKind::EllipsisLit: out += "(ellipsis)"; return;
    case ExprKind::BinOp: {
      auto *b = static_cast<const BinOp *>(e);
      out += std::string("(binop ") + spelling(b->op) + " ";
      expr(b->lhs.get());
      out += " ";
      expr(b->rhs.get());
      out += ")";
      return;
    }
    case ExprKind::UnaryOp: {
      auto *u = static_cast<const UnaryOp *>(e);
      out += std::string("(unary ") + spelling(u->op) + " ";
      expr(u->operand.get());
      out += ")";
      return;
    }
    case ExprKind::BoolOp: {
      auto *b = static_cast<const BoolOp *>(e);
      out += b->op == BoolOpKind::And ? "(and" : "(or";
      list(b->values);
      out += ")";
      return;
    }
    case ExprKind::Compare: {
      auto *c = static_cast<const Compare *>(e);
      out += "(compare ";
      expr(c->left.get());
      for (size_t i = 0; i < c->ops.size() && i < c->comparators.size(); ++i) {
        out += std::string(" ") + spelling(c->ops[i]) + " ";
        expr(c->comparators[i].get());
      }
      out += ")";
      return;
    }
    case ExprKind::Call: {
      auto *c = static_cast<const Call *>(e);
      out += "(call ";
      expr(c->func.get());
      list(c->args);
      for (const Keyword &k : c->keywords) {
        out += std::string(k.isDefault ? " (default-kw " : k.hidden ? " (hidden-kw " : " (kw ") +
               (k.name.empty() ? std::string("**") : k.name) + " ";
        expr(k.value.get());
        out += ")";
      }
      out += ")";
      return;
    }
    case ExprKind::Attribute: {
      auto *a = static_cast<const Attribute *>(e);
      out += "(attr ";
      expr(a->value.get());
      out += " " + a->attr + ")";
      return;
    }
    case ExprKind::Subscript: {
      auto *s = static_cast<const Subscript *>(e);
      out += "(subscript ";
      expr(s->value.get());
      out += " ";
      expr(s->index.get());
      out += ")";
      return;
    }
    case ExprKind::Slice: {
      auto *s = static_cast<const Slice *>(e);
      out += "(slice ";
      expr(s->lower.get());
      out += " ";
      expr(s->upper.get());
      out += " ";
      expr(s->step.get());
      out += ")";
      return;
    }
    case ExprKind::Tuple: out += "(tuple"; list(static_cast<const Tuple *>(e)->elts); out += ")"; return;
    case ExprKind::List: out += "(list"; list(static_cast<const List *>(e)->elts); out += ")"; return;
    case ExprKind::IfExp: {
      auto *i = static_cast<const IfExp *>(e);
      out += "(ifexp ";
      expr(i->test.get());
      out += " ";
      expr(i->body.get());
      out += " ";
      expr(i->orelse.get());
      out += ")";
      return;
    }
    case ExprKind::Starred: {
      auto *s = static_cast<const Starred *>(e);
      out += s->doubleStar ? "(starstar " : "(star ";
      expr(s->value.get());
      out += ")";
      return;
    }
    case ExprKind::Lambda: {
      auto *l = static_cast<const Lambda *>(e);
      out += "(lambda (";
      for (size_t i = 0; i < l->params.size(); ++i) {
        if (i) out += " ";
        param(l->params[i]);
      }
      out += ") ";
      expr(l->body.get());
      out += ")";
      return;
    }
    case ExprKind::UnsupportedExpr: {
      auto *u = static_cast<const UnsupportedExpr *>(e);
      out += "(unsupported " + quote(u->what);
      list(u->children);
      out += ")";
      return;
    }
    }
  }

  void list(const ExprList &xs) {
    for (const ExprPtr &x : xs) {
      out += " ";
      expr(x.get());
    }
  }

  void param(const Param &p) {
    std::string name = p.kind == Param::VarArgs ? "*" + p.name
                       : p.kind == Param::KwArgs ? "**" + p.name
                       : p.kind == Param::KwOnly ? "kwonly:" + p.name
                       : p.hidden                ? "hidden:" + p.name
                                                 : p.name;
    if (!p.annotation && !p.defaultValue) {
      out += name;
      return;
    }
    out += "(" + name;
    if (p.annotation) { out += " :ann "; expr(p.annotation.get()); }
    if (p.defaultValue) { out += " :default "; expr(p.defaultValue.get()); }
    out += ")";
  }

  void alias(const Alias &a) { out += a.asname.empty() ? a.name : "(" + a.name + " as " + a.asname + ")"; }

  void line(int indent) { out.append(static_cast<size_t>(indent) * 2, ' '); }

  // A block: its statements one level deeper; `else` on its own line.
  void block(const StmtList &body, int indent) { stmts(body, indent + 1); }
  void close() {
    if (!out.empty() && out.back() == '\n') out.pop_back();
    out += ")\n";
  }

  void stmt(const Stmt &s, int indent) {
    line(indent);
    switch (s.kind) {
    case StmtKind::ExprStmt: out += "(expr "; expr(static_cast<const ExprStmt &>(s).value.get()); out += ")\n"; return;
    case StmtKind::Assign: {
      auto &a = static_cast<const Assign &>(s);
      out += "(assign";
      list(a.targets);
      out += " ";
      expr(a.value.get());
      out += ")\n";
      return;
    }
    case StmtKind::AugAssign: {
      auto &a = static_cast<const AugAssign &>(s);
      out += std::string("(augassign ") + spelling(a.op) + "= ";
      expr(a.target.get());
      out += " ";
      expr(a.value.get());
      out += ")\n";
      return;
    }
    case StmtKind::AnnAssign: {
      auto &a = static_cast<const AnnAssign &>(s);
      out += "(annassign ";
      expr(a.target.get());
      out += " ";
      expr(a.annotation.get());
      if (a.value) { out += " "; expr(a.value.get()); }
      out += ")\n";
      return;
    }
    case StmtKind::If: {
      auto &i = static_cast<const If &>(s);
      out += "(if ";
      expr(i.test.get());
      out += "\n";
      block(i.body, indent);
      if (!i.orelse.empty()) {
        line(indent);
        out += " else\n";
        block(i.orelse, indent);
      }
      close();
      return;
    }
    case StmtKind::For: {
      auto &f = static_cast<const For &>(s);
      out += "(for ";
      expr(f.target.get());
      out += " ";
      expr(f.iter.get());
      out += "\n";
      block(f.body, indent);
      if (!f.orelse.empty()) {
        line(indent);
        out += " else\n";
        block(f.orelse, indent);
      }
      close();
      return;
    }
    case StmtKind::While: {
      auto &w = static_cast<const While &>(s);
      out += "(while ";
      expr(w.test.get());
      out += "\n";
      block(w.body, indent);
      if (!w.orelse.empty()) {
        line(indent);
        out += " else\n";
        block(w.orelse, indent);
      }
      close();
      return;
    }
    case StmtKind::Break: out += "(break)\n"; return;
    case StmtKind::Continue: out += "(continue)\n"; return;
    case StmtKind::Pass: out += "(pass)\n"; return;
    case StmtKind::Return: {
      auto &r = static_cast<const Return &>(s);
      out += "(return";
      if (r.value) { out += " "; expr(r.value.get()); }
      out += ")\n";
      return;
    }
    case StmtKind::Assert: {
      auto &a = static_cast<const Assert &>(s);
      out += "(assert ";
      expr(a.test.get());
      if (a.msg) { out += " "; expr(a.msg.get()); }
      out += ")\n";
      return;
    }
    case StmtKind::Raise: {
      auto &r = static_cast<const Raise &>(s);
      out += "(raise";
      if (r.exc) { out += " "; expr(r.exc.get()); }
      if (r.cause) { out += " from "; expr(r.cause.get()); }
      out += ")\n";
      return;
    }
    case StmtKind::FunctionDef: {
      auto &f = static_cast<const FunctionDef &>(s);
      out += (f.isAsync ? "(async def " : f.isLambda ? "(lambda-def " : "(def ") + f.name + " (";
      for (size_t i = 0; i < f.params.size(); ++i) {
        if (i) out += " ";
        param(f.params[i]);
      }
      out += ")";
      if (!f.decorators.empty()) { out += " (decorators"; list(f.decorators); out += ")"; }
      if (f.returns) { out += " (returns "; expr(f.returns.get()); out += ")"; }
      out += "\n";
      block(f.body, indent);
      close();
      return;
    }
    case StmtKind::Import: {
      out += "(import";
      for (const Alias &a : static_cast<const Import &>(s).names) { out += " "; alias(a); }
      out += ")\n";
      return;
    }
    case StmtKind::ImportFrom: {
      auto &f = static_cast<const ImportFrom &>(s);
      out += "(from " + std::string(static_cast<size_t>(f.level), '.') + f.module + " import";
      for (const Alias &a : f.names) { out += " "; alias(a); }
      out += ")\n";
      return;
    }
    case StmtKind::UnsupportedStmt: {
      auto &u = static_cast<const UnsupportedStmt &>(s);
      out += "(unsupported " + quote(u.what);
      if (u.body.empty()) { out += ")\n"; return; }
      out += "\n";
      block(u.body, indent);
      close();
      return;
    }
    }
  }
};

} // namespace

std::string dumpAST(const ast::Module &m) {
  Dumper d;
  d.stmts(m.body, 0);
  return d.out;
}

} // namespace parjit

namespace parjit::ast {
using llvm::cast;

void forEachChild(const Expr &e, const std::function<void(const Expr &)> &f) {
  auto each = [&](const ExprList &l) { for (auto &x : l) if (x) f(*x); };
  auto one = [&](const ExprPtr &x) { if (x) f(*x); };
  switch (e.kind) {
  case ExprKind::BinOp: one(cast<BinOp>(e).lhs); one(cast<BinOp>(e).rhs); break;
  case ExprKind::UnaryOp: one(cast<UnaryOp>(e).operand); break;
  case ExprKind::BoolOp: each(cast<BoolOp>(e).values); break;
  case ExprKind::Compare: one(cast<Compare>(e).left); each(cast<Compare>(e).comparators); break;
  case ExprKind::Call: {
    auto &c = cast<Call>(e);
    one(c.func);
    each(c.args);
    for (auto &k : c.keywords) one(k.value);
    break;
  }
  case ExprKind::Attribute: one(cast<Attribute>(e).value); break;
  case ExprKind::Subscript: one(cast<Subscript>(e).value); one(cast<Subscript>(e).index); break;
  case ExprKind::Slice: one(cast<Slice>(e).lower); one(cast<Slice>(e).upper); one(cast<Slice>(e).step); break;
  case ExprKind::Tuple: each(cast<Tuple>(e).elts); break;
  case ExprKind::List: each(cast<List>(e).elts); break;
  case ExprKind::IfExp: one(cast<IfExp>(e).test); one(cast<IfExp>(e).body); one(cast<IfExp>(e).orelse); break;
  case ExprKind::Starred: one(cast<Starred>(e).value); break;
  case ExprKind::Lambda:
    for (auto &p : cast<Lambda>(e).params) one(p.defaultValue);
    one(cast<Lambda>(e).body);
    break;
  case ExprKind::UnsupportedExpr: each(cast<UnsupportedExpr>(e).children); break;
  default: break; // leaves
  }
}

void forEachChild(const Stmt &s, const std::function<void(const Expr &)> &onExpr,
                  const std::function<void(const Stmt &)> &onStmt) {
  auto e = [&](const ExprPtr &x) { if (x) onExpr(*x); };
  auto body = [&](const StmtList &l) { for (auto &x : l) onStmt(*x); };
  switch (s.kind) {
  case StmtKind::ExprStmt: e(cast<ExprStmt>(s).value); break;
  case StmtKind::Assign: e(cast<Assign>(s).value); for (auto &t : cast<Assign>(s).targets) e(t); break;
  case StmtKind::AugAssign: e(cast<AugAssign>(s).target); e(cast<AugAssign>(s).value); break;
  case StmtKind::AnnAssign: e(cast<AnnAssign>(s).value); e(cast<AnnAssign>(s).target); break;
  case StmtKind::If: e(cast<If>(s).test); body(cast<If>(s).body); body(cast<If>(s).orelse); break;
  case StmtKind::For: e(cast<For>(s).iter); e(cast<For>(s).target); body(cast<For>(s).body); body(cast<For>(s).orelse); break;
  case StmtKind::While: e(cast<While>(s).test); body(cast<While>(s).body); body(cast<While>(s).orelse); break;
  case StmtKind::Return: e(cast<Return>(s).value); break;
  case StmtKind::Assert: e(cast<Assert>(s).test); e(cast<Assert>(s).msg); break;
  case StmtKind::Raise: e(cast<Raise>(s).exc); e(cast<Raise>(s).cause); break;
  default: break;
  }
}

} // namespace parjit::ast
