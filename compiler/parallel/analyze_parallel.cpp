// The analyze-parallel pass: decides which prange loops run on threads and
// how. A loop's iterations may run in any order and at the same time, so
// anything one iteration writes and another reads is refused, except the
// patterns that can be made deterministic: scalar reductions (combined chunk
// by chunk, in chunk order) and integer array reductions (per-thread copies).
#include "parallel/ParallelPlan.h"
#include "llvm/Support/Casting.h"
#include <algorithm>
#include <functional>
#include <optional>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace parjit::parallel {

const char *spelling(ReduceOp op) {
  switch (op) {
  case ReduceOp::Add: return "+";
  case ReduceOp::Mul: return "*";
  case ReduceOp::Min: return "min";
  case ReduceOp::Max: return "max";
  case ReduceOp::BitOr: return "|";
  case ReduceOp::BitAnd: return "&";
  case ReduceOp::BitXor: return "^";
  }
  return "?";
}

namespace {

using typed::Specialization;
using typed::Type;

constexpr int64_t kChunkWork = 20000; // static cost units worth one chunk (~10 us)

std::string calleeName(const Specialization &s, const ast::Call &c) {
  const Type *t = s.typeOf(c.func.get());
  return t && t->kind == typed::TypeKind::Builtin ? t->name : std::string();
}

bool isPrange(const Specialization &s, const ast::For &f) {
  auto *c = dyn_cast<ast::Call>(f.iter.get());
  return c && calleeName(s, *c) == "parjit.prange";
}

void targetNames(const ast::Expr &t, std::set<std::string> &out) {
  if (auto *n = dyn_cast<ast::Name>(&t)) out.insert(n->id);
  else if (auto *tu = dyn_cast<ast::Tuple>(&t)) for (auto &e : tu->elts) targetNames(*e, out);
  else if (auto *l = dyn_cast<ast::List>(&t)) for (auto &e : l->elts) targetNames(*e, out);
}

/// The names a statement binds directly (not in nested bodies).
std::set<std::string> directTargets(const ast::Stmt &s) {
  std::set<std::string> out;
  if (auto *a = dyn_cast<ast::Assign>(&s)) for (auto &t : a->targets) targetNames(*t, out);
  else if (auto *a = dyn_cast<ast::AugAssign>(&s)) targetNames(*a->target, out);
  else if (auto *a = dyn_cast<ast::AnnAssign>(&s); a && a->value) targetNames(*a->target, out);
  else if (auto *f = dyn_cast<ast::For>(&s)) targetNames(*f->target, out);
  return out;
}

/// Calls f on every statement of `body` and of the bodies nested in it, in order.
void forEachStmt(const ast::StmtList &body, const std::function<void(const ast::Stmt &)> &f) {
  std::function<void(const ast::Stmt &)> rec = [&](const ast::Stmt &s) {
    f(s);
    ast::forEachChild(s, [](const ast::Expr &) {}, rec);
  };
  for (auto &sp : body) rec(*sp);
}

void assignedIn(const ast::StmtList &body, std::set<std::string> &out) {
  forEachStmt(body, [&](const ast::Stmt &s) {
    auto t = directTargets(s);
    out.insert(t.begin(), t.end());
  });
}

/// Every Name read in `e` (assignment targets are not expressions we visit as reads).
void namesReadIn(const ast::Expr &e, const std::function<void(const ast::Name &)> &f) {
  if (auto *n = dyn_cast<ast::Name>(&e)) {
    f(*n);
    return;
  }
  ast::forEachChild(e, [&](const ast::Expr &c) { namesReadIn(c, f); });
}

/// The reads of one statement itself: its value, the indices (and array) of
/// subscript targets, and the variable of an augmented assignment.
void statementReads(const ast::Stmt &s, const std::function<void(const ast::Name &)> &f) {
  auto target = [&](const ast::Expr &t, bool aug) {
    std::function<void(const ast::Expr &)> walk = [&](const ast::Expr &x) {
      if (auto *n = dyn_cast<ast::Name>(&x)) {
        if (aug) f(*n);
      } else if (auto *tu = dyn_cast<ast::Tuple>(&x)) {
        for (auto &e : tu->elts) walk(*e);
      } else if (auto *l = dyn_cast<ast::List>(&x)) {
        for (auto &e : l->elts) walk(*e);
      } else {
        namesReadIn(x, f); // a[i] = ...: reads a and i
      }
    };
    walk(t);
  };
  switch (s.kind) {
  case ast::StmtKind::Assign:
    namesReadIn(*cast<ast::Assign>(s).value, f);
    for (auto &t : cast<ast::Assign>(s).targets) target(*t, false);
    return;
  case ast::StmtKind::AugAssign:
    target(*cast<ast::AugAssign>(s).target, true);
    namesReadIn(*cast<ast::AugAssign>(s).value, f);
    return;
  case ast::StmtKind::AnnAssign:
    if (cast<ast::AnnAssign>(s).value) {
      namesReadIn(*cast<ast::AnnAssign>(s).value, f);
      target(*cast<ast::AnnAssign>(s).target, false);
    }
    return;
  case ast::StmtKind::For: namesReadIn(*cast<ast::For>(s).iter, f); return;
  default:
    ast::forEachChild(s, [&](const ast::Expr &e) { namesReadIn(e, f); }, [](const ast::Stmt &) {});
  }
}

/// a + b*c ... as coef * iv + constant + (invariant terms): the index forms
/// the dependence test compares.
struct Affine {
  bool ok = false;
  int64_t coef = 0, constant = 0;
  std::map<std::string, int64_t> terms; // invariant name -> multiplier
  bool operator==(const Affine &o) const { return ok && o.ok && coef == o.coef && constant == o.constant && terms == o.terms; }
};

class LoopAnalysis {
public:
  LoopAnalysis(const Specialization &s, const ast::For &loop, LoopPlan &plan, DiagnosticEngine &diags,
               const std::map<const Specialization *, std::set<size_t>> &writtenParams,
               const std::vector<const ast::Stmt *> &functionBody)
      : S(s), L(loop), P(plan), D(diags), written(writtenParams), fnBody(functionBody) {}

  void run();

private:
  const Specialization &S;
  const ast::For &L;
  LoopPlan &P;
  DiagnosticEngine &D;
  const std::map<const Specialization *, std::set<size_t>> &written;
  const std::vector<const ast::Stmt *> &fnBody;
  std::string iv;
  std::set<std::string> bodyAssigned;
  std::set<const ast::Stmt *> reductionStmts;
  std::map<std::string, const ast::Expr *> definitions; // private scalars assigned once: name -> value
  std::set<std::string> freshArrays;                    // private arrays made by np.zeros & co.

  struct Access {
    std::string array;
    std::vector<const ast::Expr *> idx;
    bool write = false;
    std::optional<ReduceOp> aug; // a[k] op= e
    SourceLoc loc;
  };
  std::vector<Access> accesses;
  bool failed = false;

  const Type *localType(const std::string &n) const {
    auto it = S.locals.find(n);
    return it == S.locals.end() ? nullptr : it->second;
  }
  void error(SourceLoc at, std::string msg) {
    failed = true;
    D.error(at, std::move(msg));
  }
  void warn(SourceLoc at, const std::string &msg) {
    D.warning(at, msg);
    P.notes.push_back(msg);
  }

  std::optional<ReduceOp> reduceOpOf(ast::BinOpKind op, bool augmented) const {
    switch (op) {
    case ast::BinOpKind::Add: return ReduceOp::Add;
    case ast::BinOpKind::Sub: return augmented ? std::optional<ReduceOp>(ReduceOp::Add) : std::nullopt;
    case ast::BinOpKind::Mul: return ReduceOp::Mul;
    case ast::BinOpKind::BitOr: return ReduceOp::BitOr;
    case ast::BinOpKind::BitAnd: return ReduceOp::BitAnd;
    case ast::BinOpKind::BitXor: return ReduceOp::BitXor;
    default: return std::nullopt;
    }
  }
  static bool reads(const ast::Expr &e, const std::string &name) {
    bool found = false;
    namesReadIn(e, [&](const ast::Name &n) { found |= n.id == name; });
    return found;
  }
  /// `s += e`, `s = s * e`, `s = e + s`, `s = min(s, e)`: the variable and operator.
  std::optional<std::pair<std::string, ReduceOp>> reductionForm(const ast::Stmt &st) const {
    if (auto *a = dyn_cast<ast::AugAssign>(&st)) {
      auto *n = dyn_cast<ast::Name>(a->target.get());
      auto op = reduceOpOf(a->op, true);
      if (n && op && !reads(*a->value, n->id)) return std::make_pair(n->id, *op);
      return std::nullopt;
    }
    auto *a = dyn_cast<ast::Assign>(&st);
    if (!a || a->targets.size() != 1) return std::nullopt;
    auto *n = dyn_cast<ast::Name>(a->targets[0].get());
    if (!n) return std::nullopt;
    auto isVar = [&](const ast::Expr &e) {
      auto *m = dyn_cast<ast::Name>(&e);
      return m && m->id == n->id;
    };
    if (auto *b = dyn_cast<ast::BinOp>(a->value.get())) {
      auto op = reduceOpOf(b->op, false);
      if (!op) return std::nullopt;
      if (isVar(*b->lhs) && !reads(*b->rhs, n->id)) return std::make_pair(n->id, *op);
      if (isVar(*b->rhs) && !reads(*b->lhs, n->id)) return std::make_pair(n->id, *op);
      return std::nullopt;
    }
    if (auto *c = dyn_cast<ast::Call>(a->value.get()); c && c->args.size() == 2 && c->keywords.empty()) {
      std::string fn = calleeName(S, *c);
      if (fn != "min" && fn != "max") return std::nullopt;
      ReduceOp op = fn == "min" ? ReduceOp::Min : ReduceOp::Max;
      if (isVar(*c->args[0]) && !reads(*c->args[1], n->id)) return std::make_pair(n->id, op);
      if (isVar(*c->args[1]) && !reads(*c->args[0], n->id)) return std::make_pair(n->id, op);
    }
    return std::nullopt;
  }

  Affine affine(const ast::Expr &e, int depth = 0) const {
    Affine r;
    if (depth > 8) return r;
    if (auto *i = dyn_cast<ast::IntLit>(&e)) {
      if (i->overflow) return r;
      r.ok = true;
      r.constant = static_cast<int64_t>(i->value);
      return r;
    }
    if (auto *n = dyn_cast<ast::Name>(&e)) {
      if (n->id == iv) { r.ok = true; r.coef = 1; return r; }
      if (!bodyAssigned.count(n->id)) { r.ok = true; r.terms[n->id] = 1; return r; }
      auto d = definitions.find(n->id); // k = 2 * i + 1 in the body
      if (d != definitions.end() && d->second) return affine(*d->second, depth + 1);
      return r;
    }
    if (auto *u = dyn_cast<ast::UnaryOp>(&e); u && u->op == ast::UnaryOpKind::Neg) {
      r = affine(*u->operand, depth + 1);
      r.coef = -r.coef;
      r.constant = -r.constant;
      for (auto &t : r.terms) t.second = -t.second;
      return r;
    }
    if (auto *b = dyn_cast<ast::BinOp>(&e)) {
      Affine x = affine(*b->lhs, depth + 1), y = affine(*b->rhs, depth + 1);
      if (!x.ok || !y.ok) return r;
      if (b->op == ast::BinOpKind::Add || b->op == ast::BinOpKind::Sub) {
        int64_t sg = b->op == ast::BinOpKind::Add ? 1 : -1;
        x.coef += sg * y.coef;
        x.constant += sg * y.constant;
        for (auto &[k, v] : y.terms) x.terms[k] += sg * v;
        for (auto it = x.terms.begin(); it != x.terms.end();) it = it->second == 0 ? x.terms.erase(it) : std::next(it);
        return x;
      }
      if (b->op == ast::BinOpKind::Mul) {
        const Affine *k = nullptr, *v = nullptr;
        if (x.coef == 0 && x.terms.empty()) { k = &x; v = &y; }
        else if (y.coef == 0 && y.terms.empty()) { k = &y; v = &x; }
        if (!k) return r;
        Affine out = *v;
        out.coef *= k->constant;
        out.constant *= k->constant;
        for (auto &t : out.terms) t.second *= k->constant;
        return out;
      }
    }
    return r;
  }

  static std::string show(const ast::Expr &e) {
    if (auto *n = dyn_cast<ast::Name>(&e)) return n->id;
    if (auto *i = dyn_cast<ast::IntLit>(&e)) return std::to_string(i->value);
    if (auto *u = dyn_cast<ast::UnaryOp>(&e); u && u->op == ast::UnaryOpKind::Neg) return "-" + show(*u->operand);
    if (auto *b = dyn_cast<ast::BinOp>(&e)) return show(*b->lhs) + " " + ast::spelling(b->op) + " " + show(*b->rhs);
    if (auto *s = dyn_cast<ast::Subscript>(&e)) return show(*s->value) + "[" + show(*s->index) + "]";
    if (auto *t = dyn_cast<ast::Tuple>(&e)) {
      std::string out;
      for (auto &x : t->elts) out += (out.empty() ? "" : ", ") + show(*x);
      return out;
    }
    return "...";
  }
  static std::string showAccess(const Access &a) {
    std::string s = a.array + "[";
    for (size_t k = 0; k < a.idx.size(); ++k) s += (k ? ", " : "") + show(*a.idx[k]);
    return s + "]";
  }

  void collectBody(const ast::StmtList &body, int depth);
  void collectExpr(const ast::Expr &e, bool write, std::optional<ReduceOp> aug);
  void checkExposedReads(const ast::StmtList &body, std::set<std::string> &defined, std::set<std::string> &reported);
  void classifyScalars();
  void classifyArrays();
  void checkReadsAfterLoop();
  int64_t cost(const ast::StmtList &body) const;
};

void LoopAnalysis::collectExpr(const ast::Expr &e, bool write, std::optional<ReduceOp> aug) {
  if (auto *s = dyn_cast<ast::Subscript>(&e)) {
    auto *base = dyn_cast<ast::Name>(s->value.get());
    const Type *bt = base ? localType(base->id) : nullptr;
    if (bt && bt->isArray()) {
      Access a;
      a.array = base->id;
      if (auto *t = dyn_cast<ast::Tuple>(s->index.get()))
        for (auto &x : t->elts) a.idx.push_back(x.get());
      else
        a.idx.push_back(s->index.get());
      a.write = write;
      a.aug = aug;
      a.loc = e.loc;
      accesses.push_back(a);
      if (write && aug) { // a[k] += e also reads a[k]
        Access r = a;
        r.write = false;
        r.aug = aug;
        accesses.push_back(r);
      }
    }
    collectExpr(*s->index, false, std::nullopt);
    return;
  }
  if (auto *c = dyn_cast<ast::Call>(&e)) {
    auto callee = S.callees.find(c);
    if (callee != S.callees.end()) {
      // A program function that writes into an array argument.
      auto w = written.find(callee->second);
      const auto &bound = S.callArgs.at(c);
      if (w != written.end())
        for (size_t k : w->second)
          if (k < bound.size())
            if (auto *n = dyn_cast<ast::Name>(bound[k]))
              if (const Type *t = localType(n->id); t && t->isArray() && !freshArrays.count(n->id))
                warn(c->loc, "parjit cannot prove that the iterations of this prange loop write different elements "
                             "of '" + n->id + "': '" + callee->second->name + "' writes into it");
    }
    if (calleeName(S, *c) == "print")
      warn(c->loc, "print in a prange loop: lines appear in the order the threads reach them, which varies from run to run");
  }
  ast::forEachChild(e, [&](const ast::Expr &x) { collectExpr(x, false, std::nullopt); });
}

void LoopAnalysis::collectBody(const ast::StmtList &body, int depth) {
  for (auto &sp : body) {
    const ast::Stmt &st = *sp;
    switch (st.kind) {
    case ast::StmtKind::Assign: {
      auto &a = cast<ast::Assign>(st);
      collectExpr(*a.value, false, std::nullopt);
      for (auto &t : a.targets) {
        if (isa<ast::Subscript>(t.get())) collectExpr(*t, true, std::nullopt);
        else if (auto *n = dyn_cast<ast::Name>(t.get())) {
          auto d = definitions.find(n->id);
          if (d == definitions.end()) definitions[n->id] = a.targets.size() == 1 ? a.value.get() : nullptr;
          else d->second = nullptr; // assigned twice: no single definition
          if (const Type *lt = localType(n->id); lt && lt->isArray()) {
            auto *c = dyn_cast<ast::Call>(a.value.get());
            std::string fn = c ? calleeName(S, *c) : "";
            if (fn == "np.zeros" || fn == "np.empty" || fn == "np.ones" || fn == "np.full" || fn == "np.arange")
              freshArrays.insert(n->id);
          }
        } else {
          std::set<std::string> names;
          targetNames(*t, names);
          for (auto &n : names) definitions[n] = nullptr;
        }
      }
      break;
    }
    case ast::StmtKind::AugAssign: {
      auto &a = cast<ast::AugAssign>(st);
      collectExpr(*a.value, false, std::nullopt);
      if (isa<ast::Subscript>(a.target.get())) collectExpr(*a.target, true, reduceOpOf(a.op, true));
      else if (auto *n = dyn_cast<ast::Name>(a.target.get())) definitions[n->id] = nullptr;
      break;
    }
    case ast::StmtKind::For: {
      auto &f = cast<ast::For>(st);
      collectExpr(*f.iter, false, std::nullopt);
      std::set<std::string> names;
      targetNames(*f.target, names);
      for (auto &n : names) definitions[n] = nullptr;
      collectBody(f.body, depth + 1);
      collectBody(f.orelse, depth + 1);
      break;
    }
    case ast::StmtKind::While:
      collectExpr(*cast<ast::While>(st).test, false, std::nullopt);
      collectBody(cast<ast::While>(st).body, depth + 1);
      collectBody(cast<ast::While>(st).orelse, depth + 1);
      break;
    case ast::StmtKind::If:
      collectExpr(*cast<ast::If>(st).test, false, std::nullopt);
      collectBody(cast<ast::If>(st).body, depth);
      collectBody(cast<ast::If>(st).orelse, depth);
      break;
    case ast::StmtKind::Break:
      if (depth == 0) error(st.loc, "'break' cannot leave a prange loop: its iterations do not run in order");
      break;
    case ast::StmtKind::Return:
      error(st.loc, "'return' inside a prange loop is not supported: its iterations do not run in order");
      break;
    default:
      ast::forEachChild(st, [&](const ast::Expr &e) { collectExpr(e, false, std::nullopt); },
                        [](const ast::Stmt &) {});
    }
  }
}

/// A read of a variable the body assigns, before this iteration has assigned
/// it, sees the value of another iteration: a loop-carried dependence.
void LoopAnalysis::checkExposedReads(const ast::StmtList &body, std::set<std::string> &defined,
                                     std::set<std::string> &reported) {
  auto check = [&](const ast::Name &n) {
    if (!bodyAssigned.count(n.id) || defined.count(n.id) || reported.count(n.id)) return;
    for (auto &r : P.reductions)
      if (r.var == n.id) {
        reported.insert(n.id);
        error(n.loc, "'" + n.id + "' is a reduction variable of this prange loop (" + spelling(r.op) +
                         "); it can only be updated in the loop, not read");
        return;
      }
    reported.insert(n.id);
    error(n.loc, "'" + n.id + "' is read here before this iteration of the prange loop assigns it, so it would "
                 "see the value another iteration wrote (a loop-carried dependence); assign it first in the loop "
                 "body, or use range to run the loop serially");
  };
  auto exits = [](const ast::StmtList &l) {
    return !l.empty() && (isa<ast::Continue>(l.back().get()) || isa<ast::Break>(l.back().get()) ||
                          isa<ast::Return>(l.back().get()));
  };
  for (auto &sp : body) {
    const ast::Stmt &st = *sp;
    if (!reductionStmts.count(&st)) statementReads(st, check);
    switch (st.kind) {
    case ast::StmtKind::If: {
      auto &i = cast<ast::If>(st);
      std::set<std::string> a = defined, b = defined;
      checkExposedReads(i.body, a, reported);
      checkExposedReads(i.orelse, b, reported);
      if (exits(i.body)) defined = b;
      else if (exits(i.orelse)) defined = a;
      else {
        std::set<std::string> both;
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(both, both.begin()));
        defined = both;
      }
      break;
    }
    case ast::StmtKind::For: {
      auto &f = cast<ast::For>(st);
      std::set<std::string> inner = defined, after = defined;
      auto t = directTargets(st);
      inner.insert(t.begin(), t.end());
      checkExposedReads(f.body, inner, reported);
      checkExposedReads(f.orelse, after, reported);
      break;
    }
    case ast::StmtKind::While: {
      auto &w = cast<ast::While>(st);
      std::set<std::string> inner = defined, after = defined;
      checkExposedReads(w.body, inner, reported);
      checkExposedReads(w.orelse, after, reported);
      break;
    }
    default: {
      auto t = directTargets(st);
      defined.insert(t.begin(), t.end());
    }
    }
  }
}

void LoopAnalysis::classifyScalars() {
  // Group the body's assignments by variable: all reduction updates with one
  // operator make a reduction; anything else makes the variable private.
  std::map<std::string, std::vector<std::pair<const ast::Stmt *, std::optional<ReduceOp>>>> updates;
  forEachStmt(L.body, [&](const ast::Stmt &st) {
    if (auto form = reductionForm(st)) updates[form->first].push_back({&st, form->second});
    else
      for (auto &n : directTargets(st)) updates[n].push_back({&st, std::nullopt});
  });

  // Names assigned outside the loop body (or parameters): defined before it.
  std::set<std::string> outside;
  if (S.def)
    for (auto &p : S.def->params) outside.insert(p.name);
  std::function<void(const ast::Stmt &)> walk = [&](const ast::Stmt &st) {
    if (&st == &L) return;
    auto t = directTargets(st);
    outside.insert(t.begin(), t.end());
    ast::forEachChild(st, [](const ast::Expr &) {}, walk);
  };
  for (const ast::Stmt *st : fnBody) walk(*st);

  for (auto &[name, list] : updates) {
    if (name == iv) continue;
    const Type *t = localType(name);
    bool allReduce = !list.empty();
    for (auto &u : list) allReduce &= u.second.has_value() && *u.second == *list.front().second;
    if (allReduce && outside.count(name) && t && t->isScalar()) {
      ReduceOp op = *list.front().second;
      bool isFloatTy = typed::isFloat(t->dtype);
      if (isFloatTy && (op == ReduceOp::BitOr || op == ReduceOp::BitAnd || op == ReduceOp::BitXor)) continue;
      P.reductions.push_back({name, op, list.front().first->loc});
      for (auto &u : list) reductionStmts.insert(u.first);
      continue;
    }
    if (!outside.count(name) || !t) continue; // a fresh private
    bool someReduce = false;
    for (auto &u : list) someReduce |= u.second.has_value();
    if (someReduce && !allReduce) {
      const ast::Stmt *other = nullptr;
      for (auto &u : list)
        if (!u.second || *u.second != *list.front().second) other = u.first;
      if (other) {
        failed = true;
        D.error(other->loc, "'" + name + "' is updated as a reduction in this prange loop and also assigned "
                            "differently here; a reduction variable may only be updated with one operator")
            .note(list.front().first->loc, "the reduction update");
      }
    }
  }
}

void LoopAnalysis::classifyArrays() {
  std::map<std::string, std::vector<const Access *>> byArray;
  for (auto &a : accesses)
    if (!freshArrays.count(a.array) && !bodyAssigned.count(a.array)) byArray[a.array].push_back(&a);
  for (auto &[name, list] : byArray) {
    std::vector<const Access *> writes;
    for (auto *a : list)
      if (a->write) writes.push_back(a);
    if (writes.empty()) continue; // only read: shared
    // An axis on which every access of this array has the same affine index
    // with a non-zero multiple of the loop variable: iterations own slices.
    size_t nd = writes.front()->idx.size();
    std::optional<size_t> ownAxis;
    for (size_t k = 0; k < nd && !ownAxis; ++k) {
      Affine w = affine(*writes.front()->idx[k]);
      if (!w.ok || w.coef == 0) continue;
      bool same = true;
      for (auto *a : list) same &= a->idx.size() == nd && affine(*a->idx[k]) == w;
      if (same) ownAxis = k;
    }
    if (ownAxis) {
      P.writtenArrays.push_back(name);
      continue;
    }
    // A conflict the analysis can name: a read of another iteration's element.
    const Access *w0 = nullptr;
    size_t axis = 0;
    for (auto *w : writes)
      for (size_t k = 0; k < w->idx.size() && !w0; ++k) {
        Affine f = affine(*w->idx[k]);
        if (f.ok && f.coef != 0) { w0 = w; axis = k; }
      }
    if (w0) {
      Affine wf = affine(*w0->idx[axis]);
      for (auto *a : list) {
        if (a == w0 || a->idx.size() <= axis) continue;
        Affine af = affine(*a->idx[axis]);
        if (af.ok && af.coef == wf.coef && af.terms == wf.terms && af.constant != wf.constant) {
          failed = true;
          std::string msg = a->write ? "iterations of this prange loop write " + showAccess(*a) + " and " + showAccess(*w0) +
                                           ", so one iteration writes an element another writes"
                                     : "iteration " + iv + " reads " + showAccess(*a) + ", which another iteration writes as " +
                                           showAccess(*w0) + " (a loop-carried dependence)";
          D.error(a->loc, msg + "; this loop cannot run in parallel: use range, or write into a separate output array")
              .note(w0->loc, "the write");
          break;
        }
      }
      P.writtenArrays.push_back(name);
      if (!failed)
        warn(w0->loc, "parjit cannot prove that the iterations of this prange loop write different elements of '" +
                          name + "' (" + showAccess(*w0) + " and the other accesses use different indices)");
      continue;
    }
    // No write index moves with the loop variable: every iteration may write
    // the same elements. hist[b] += 1 on an integer array is a reduction.
    bool allAug = true;
    for (auto *a : list) allAug &= a->aug.has_value() && *a->aug == *list.front()->aug;
    const Type *t = localType(name);
    if (allAug && t) {
      ReduceOp op = *list.front()->aug;
      if (typed::isFloat(t->dtype)) {
        failed = true;
        D.error(writes.front()->loc, std::string("'") + name + "' is accumulated at an index that does not depend on '" + iv +
                                         "' (" + showAccess(*writes.front()) + " " + spelling(op) +
                                         "= ...): a floating-point array reduction across threads would give results "
                                         "that depend on the thread count; parjit refuses it")
            .note(L.loc, "accumulate into an integer array, or make each iteration own the elements it writes "
                         "(for example a prange over the output elements)");
        continue;
      }
      if (!t->contiguous) {
        failed = true;
        D.error(writes.front()->loc, "'" + name + "' is accumulated at an index that does not depend on '" + iv +
                                         "', which parjit does with a private copy per thread; that needs a "
                                         "C-contiguous array, and '" + name + "' is " + t->str());
        continue;
      }
      if (S.cudaOffload && op == ReduceOp::Mul) { // on the GPU: atomic updates, and there is no atomic multiply
        failed = true;
        D.error(writes.front()->loc, "array reductions with *= ('" + name + "[...] *= ...') in a prange loop "
                                     "offloaded to the GPU are not supported (the GPU has no atomic multiply); run "
                                     "this loop on the CPU");
        continue;
      }
      P.arrayReductions.push_back({name, op, writes.front()->loc});
      continue;
    }
    bool analyzable = true;
    for (auto *w : writes)
      for (auto *e : w->idx) analyzable &= affine(*e).ok;
    if (analyzable) {
      failed = true;
      D.error(writes.front()->loc, "every iteration of this prange loop may write the same elements of '" + name + "' (" +
                                       showAccess(*writes.front()) + " does not depend on '" + iv +
                                       "'): a data race; use range, or index the write with '" + iv + "'");
    } else {
      P.writtenArrays.push_back(name);
      warn(writes.front()->loc, "parjit cannot prove that the iterations of this prange loop write different elements of '" +
                                    name + "' (" + showAccess(*writes.front()) +
                                    "); if two iterations write the same element the result depends on timing");
    }
  }
}

void LoopAnalysis::checkReadsAfterLoop() {
  // A private of the loop has no single value after it (Python would keep
  // the last iteration's); refuse reads that follow the loop, until a later
  // statement assigns the name again (for i in range(...) reuses i).
  std::set<std::string> reductionVars;
  for (auto &r : P.reductions) reductionVars.insert(r.var);
  std::set<std::string> reported, killed;
  bool after = false;
  std::function<void(const ast::Stmt &)> walk = [&](const ast::Stmt &st) {
    if (&st == &L) {
      after = true;
      return;
    }
    if (after) {
      statementReads(st, [&](const ast::Name &n) {
        if (!P.privates.count(n.id) || reductionVars.count(n.id) || killed.count(n.id) || reported.count(n.id)) return;
        if (const Type *t = localType(n.id); !t || t->isArray()) return;
        reported.insert(n.id);
        failed = true;
        D.error(n.loc, "'" + n.id + "' is assigned in the prange loop above and read after it; after a parallel "
                                    "loop it has no single last value (assign it after the loop, or make it a reduction)")
            .note(L.loc, "the prange loop");
      });
      auto t = directTargets(st);
      killed.insert(t.begin(), t.end());
    }
    ast::forEachChild(st, [](const ast::Expr &) {}, walk);
  };
  for (const ast::Stmt *st : fnBody) walk(*st);
}

int64_t LoopAnalysis::cost(const ast::StmtList &body) const {
  int64_t c = 0;
  std::function<void(const ast::Expr &)> ex = [&](const ast::Expr &e) {
    c += 1;
    if (auto *call = dyn_cast<ast::Call>(&e)) c += S.callees.count(call) ? 50 : 10;
    ast::forEachChild(e, ex);
  };
  for (auto &sp : body) {
    const ast::Stmt &st = *sp;
    if (auto *f = dyn_cast<ast::For>(&st)) c += 32 * (1 + cost(f->body));
    else if (auto *w = dyn_cast<ast::While>(&st)) c += 32 * (1 + cost(w->body));
    else if (auto *i = dyn_cast<ast::If>(&st)) { ex(*i->test); c += std::max(cost(i->body), cost(i->orelse)); }
    else ast::forEachChild(st, ex, [](const ast::Stmt &) {});
    c += 1;
    if (c > kChunkWork) return c;
  }
  return c;
}

void LoopAnalysis::run() {
  auto *t = dyn_cast<ast::Name>(L.target.get());
  if (!t) return; // type inference reported it
  iv = t->id;
  assignedIn(L.body, bodyAssigned);
  bodyAssigned.insert(iv);
  collectBody(L.body, 0);
  classifyScalars();
  std::set<std::string> defined{iv}, reported;
  checkExposedReads(L.body, defined, reported);
  classifyArrays();
  for (auto &n : bodyAssigned) {
    bool isReduction = false;
    for (auto &r : P.reductions) isReduction |= r.var == n;
    if (!isReduction) P.privates.insert(n);
  }
  checkReadsAfterLoop();
  // Captured: locals the body reads and never assigns.
  std::set<std::string> seen;
  forEachStmt(L.body, [&](const ast::Stmt &st) {
    statementReads(st, [&](const ast::Name &n) {
      if (!bodyAssigned.count(n.id) && localType(n.id) && seen.insert(n.id).second) P.captured.push_back(n.id);
    });
  });
  for (auto &r : P.arrayReductions)
    if (seen.insert(r.var).second) P.captured.push_back(r.var);
  P.grain = std::max<int64_t>(1, kChunkWork / std::max<int64_t>(1, cost(L.body)));
  P.parallel = !failed;
}

/// Which array parameters each specialization writes into (directly or through its callees).
std::map<const Specialization *, std::set<size_t>> writtenParameters(const typed::Program &prog) {
  std::map<const Specialization *, std::set<size_t>> out;
  for (const Specialization *s : prog.reachable) { // callees come first
    std::set<std::string> names;
    std::function<void(const ast::Expr &)> ex = [&](const ast::Expr &e) {
      if (auto *c = dyn_cast<ast::Call>(&e)) {
        auto callee = s->callees.find(c);
        if (callee != s->callees.end() && out.count(callee->second))
          for (size_t k : out[callee->second]) {
            const auto &bound = s->callArgs.at(c);
            if (k < bound.size())
              if (auto *n = dyn_cast<ast::Name>(bound[k])) names.insert(n->id);
          }
      }
      ast::forEachChild(e, ex);
    };
    std::function<void(const ast::Stmt &)> st = [&](const ast::Stmt &x) {
      auto target = [&](const ast::Expr &t) {
        if (auto *sub = dyn_cast<ast::Subscript>(&t))
          if (auto *n = dyn_cast<ast::Name>(sub->value.get())) names.insert(n->id);
      };
      if (auto *a = dyn_cast<ast::Assign>(&x)) for (auto &t : a->targets) target(*t);
      if (auto *a = dyn_cast<ast::AugAssign>(&x)) target(*a->target);
      ast::forEachChild(x, ex, st);
    };
    for (const ast::Stmt *x : s->body) st(*x);
    if (s->def)
      for (size_t k = 0; k < s->def->params.size(); ++k)
        if (names.count(s->def->params[k].name)) out[s].insert(k);
  }
  return out;
}

} // namespace

bool analyzeParallel(const typed::Program &prog, Plan &plan, DiagnosticEngine &diags) {
  auto written = writtenParameters(prog);
  DiagnosticEngine local;
  for (const Specialization *s : prog.reachable) {
    std::function<void(const ast::Stmt &, const ast::For *)> walk = [&](const ast::Stmt &st, const ast::For *outer) {
      const ast::For *inner = outer;
      if (auto *f = dyn_cast<ast::For>(&st); f && isPrange(*s, *f)) {
        LoopPlan &p = plan.loops[{s, f}];
        p.loop = f;
        if (outer) {
          p.serialReason = "nested in the prange loop at line " + std::to_string(outer->loc.line) +
                           ": it runs serially within each chunk of that loop";
        } else if (!s->parallel) {
          p.serialReason = "'" + s->name + "' is not compiled with @jit(parallel=True): prange is range there";
        } else {
          LoopAnalysis(*s, *f, p, local, written, s->body).run();
          if (!p.parallel) p.serialReason = "refused: see the errors above";
          inner = f;
        }
      }
      ast::forEachChild(st, [](const ast::Expr &) {}, [&](const ast::Stmt &c) { walk(c, inner); });
    };
    for (const ast::Stmt *st : s->body) walk(*st, nullptr);
  }
  // One function compiled for several signatures repeats its diagnostics.
  std::set<std::tuple<uint32_t, uint32_t, uint32_t, std::string>> seen;
  std::vector<Diagnostic> all(local.all().begin(), local.all().end());
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic &a, const Diagnostic &b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col) < std::tie(b.loc.file, b.loc.line, b.loc.col);
  });
  bool ok = true;
  for (auto &d : all) {
    if (!seen.insert({d.loc.file, d.loc.line, d.loc.col, d.message}).second) continue;
    Diagnostic &out = d.severity == Severity::Error ? diags.error(d.loc, d.message) : diags.warning(d.loc, d.message);
    out.notes = d.notes;
    ok &= d.severity != Severity::Error;
  }
  return ok;
}

} // namespace parjit::parallel
