// Closure conversion: lambdas and nested functions become ordinary
// functions that take the enclosing functions' variables they read as hidden
// parameters. It runs on the syntax tree, after parsing and before type
// inference, in three steps:
//
//  1. `name = lambda params: expr`, in a function body or at module level,
//     becomes `def name(params): return expr` (marked isLambda).
//  2. A default value of a nested function that reads variables is computed
//     where Python computes it, when the def runs: it moves to a hidden local
//     of the enclosing function (`sq.p = <default>` before the def), and every
//     call passes that local as a hidden default keyword.
//  3. Names are resolved by Python's scoping rules (nearest enclosing function
//     that binds them). A name a nested function reads that an enclosing
//     function binds is a free variable: it becomes a hidden parameter of the
//     nested function (and of every function between it and the binder), and
//     every call passes the caller's variable of that name as a hidden
//     keyword. A call from one nested function to another passes the callee's
//     free variables along, so they become free variables of the caller too.
//     A name that refers to a nested function gets Name::function.
//
// Python reads a free variable when the closure runs (late binding), which is
// what passing the caller's current value at each call does. What parjit
// cannot express is left for type inference to report, at its location and
// only in compiled functions: a lambda used other than as `name = lambda`
// (passed, returned, stored), a nested function used as a value, one defined
// twice, `nonlocal`. This step itself never fails.
#include "frontend/AST.h"
#include "llvm/Support/Casting.h"
#include <algorithm>
#include <functional>
#include <map>
#include <memory>

using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;

namespace parjit::ast {

void collectTargetNames(const Expr &t, std::set<std::string> &out) {
  if (auto *n = dyn_cast<Name>(&t)) out.insert(n->id);
  else if (auto *tu = dyn_cast<Tuple>(&t)) for (auto &e : tu->elts) collectTargetNames(*e, out);
  else if (auto *l = dyn_cast<List>(&t)) for (auto &e : l->elts) collectTargetNames(*e, out);
  else if (auto *st = dyn_cast<Starred>(&t)) collectTargetNames(*st->value, out);
}

static void collectBoundList(const StmtList &l, std::set<std::string> &out) {
  for (auto &s : l) collectBoundNames(*s, out);
}

void collectBoundNames(const Stmt &s, std::set<std::string> &out) {
  switch (s.kind) {
  case StmtKind::Assign: for (auto &t : cast<Assign>(s).targets) collectTargetNames(*t, out); break;
  case StmtKind::AugAssign: collectTargetNames(*cast<AugAssign>(s).target, out); break;
  case StmtKind::AnnAssign: collectTargetNames(*cast<AnnAssign>(s).target, out); break;
  case StmtKind::For: {
    auto &f = cast<For>(s);
    collectTargetNames(*f.target, out);
    collectBoundList(f.body, out);
    collectBoundList(f.orelse, out);
    break;
  }
  case StmtKind::While:
    collectBoundList(cast<While>(s).body, out);
    collectBoundList(cast<While>(s).orelse, out);
    break;
  case StmtKind::If:
    collectBoundList(cast<If>(s).body, out);
    collectBoundList(cast<If>(s).orelse, out);
    break;
  case StmtKind::FunctionDef: out.insert(cast<FunctionDef>(s).name); break;
  case StmtKind::Import:
    for (auto &a : cast<Import>(s).names) out.insert(a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.asname);
    break;
  case StmtKind::ImportFrom:
    for (auto &a : cast<ImportFrom>(s).names) out.insert(a.asname.empty() ? a.name : a.asname);
    break;
  default: break;
  }
}

namespace {

// ---------------------------------------------------------------- step 1

/// `name = lambda ...` as a def.
StmtPtr lambdaToDef(Assign &a) {
  auto *target = cast<Name>(a.targets[0].get());
  auto *lam = cast<Lambda>(a.value.get());
  auto def = std::make_unique<FunctionDef>(a.loc);
  def->name = target->id;
  def->nameLoc = target->loc;
  def->isLambda = true;
  def->params = std::move(lam->params);
  SourceLoc bodyLoc = lam->body->loc;
  def->body.push_back(std::make_unique<Return>(bodyLoc, std::move(lam->body)));
  return def;
}

bool isLambdaAssign(const Stmt &s) {
  auto *a = dyn_cast<Assign>(&s);
  return a && a->targets.size() == 1 && isa<Name>(a->targets[0].get()) && isa<Lambda>(a->value.get());
}

/// Step 1 over a body and its blocks, nested defs included.
void desugarLambdas(StmtList &body) {
  for (auto &sp : body) {
    if (isLambdaAssign(*sp)) sp = lambdaToDef(cast<Assign>(*sp));
    if (auto *f = dyn_cast<FunctionDef>(sp.get())) desugarLambdas(f->body);
    else if (auto *i = dyn_cast<If>(sp.get())) { desugarLambdas(i->body); desugarLambdas(i->orelse); }
    else if (auto *f = dyn_cast<For>(sp.get())) { desugarLambdas(f->body); desugarLambdas(f->orelse); }
    else if (auto *w = dyn_cast<While>(sp.get())) { desugarLambdas(w->body); desugarLambdas(w->orelse); }
  }
}

// ---------------------------------------------------------------- step 2

bool readsNames(const Expr &e) {
  if (isa<Name>(&e) || isa<Lambda>(&e)) return true;
  bool found = false;
  forEachChild(e, [&](const Expr &c) { found = found || readsNames(c); });
  return found;
}

/// The hidden local that holds a hoisted default: not a Python identifier,
/// so it cannot clash with the program's names.
std::string defaultLocal(const FunctionDef &f, const Param &p) { return f.name + "." + p.name; }

/// Step 2 over the blocks of a function body: nested defs' defaults that read
/// names move into assignments just before the def.
void hoistDefaults(StmtList &body) {
  for (size_t i = 0; i < body.size(); ++i) {
    Stmt *s = body[i].get();
    if (auto *f = dyn_cast<FunctionDef>(s)) {
      hoistDefaults(f->body);
      std::vector<StmtPtr> hoisted;
      for (Param &p : f->params) {
        if (!p.defaultValue || !readsNames(*p.defaultValue)) continue;
        SourceLoc at = p.defaultValue->loc;
        auto a = std::make_unique<Assign>(at);
        a->targets.push_back(std::make_unique<Name>(at, defaultLocal(*f, p)));
        a->value = std::move(p.defaultValue);
        p.defaultValue = std::make_unique<Name>(at, defaultLocal(*f, p));
        hoisted.push_back(std::move(a));
      }
      for (auto &h : hoisted) body.insert(body.begin() + static_cast<long>(i++), std::move(h));
      continue;
    }
    if (auto *x = dyn_cast<If>(s)) { hoistDefaults(x->body); hoistDefaults(x->orelse); }
    else if (auto *x = dyn_cast<For>(s)) { hoistDefaults(x->body); hoistDefaults(x->orelse); }
    else if (auto *x = dyn_cast<While>(s)) { hoistDefaults(x->body); hoistDefaults(x->orelse); }
  }
}

// ---------------------------------------------------------------- step 3

struct Scope {
  FunctionDef *def = nullptr;
  Scope *parent = nullptr;
  /// Names the function binds other than by a def: parameters, assignment,
  /// for and import targets (hoisted defaults included).
  std::set<std::string> vars;
  /// Its nested functions by name (the last def of a name).
  std::map<std::string, FunctionDef *> nested;
  /// Names it reads and the calls it makes, in its own code.
  std::vector<Name *> reads;
  std::vector<Call *> calls;
  /// Its free variables, in the order found: its hidden parameters.
  std::vector<std::string> captures;
  std::set<std::string> captureSet;
  /// Hidden locals of `parent` holding this function's hoisted defaults, by parameter.
  std::vector<std::pair<std::string, std::string>> defaults;
};

class Converter {
public:
  void run(Module &m) {
    forEachModuleDef(m.body, [&](FunctionDef &f) {
      f.qualname = f.isLambda ? "<lambda>" : f.name;
      build(f, nullptr);
    });
    bool changed = true;
    for (int iter = 0; changed && iter < 1000; ++iter) {
      changed = false;
      for (auto &s : scopes) changed |= resolveReads(*s, false);
    }
    for (auto &s : scopes) resolveReads(*s, true);
    for (auto &s : scopes) rewrite(*s);
  }

private:
  std::vector<std::unique_ptr<Scope>> scopes;
  std::map<const FunctionDef *, Scope *> scopeOf;
  std::set<std::tuple<Scope *, const FunctionDef *, std::string>> reported;

  Scope *build(FunctionDef &f, Scope *parent) {
    scopes.push_back(std::make_unique<Scope>());
    Scope &s = *scopes.back();
    s.def = &f;
    s.parent = parent;
    scopeOf[&f] = &s;
    f.enclosing = parent ? parent->def : nullptr;
    for (Param &p : f.params) {
      s.vars.insert(p.name);
      if (auto *n = p.defaultValue ? dyn_cast<Name>(p.defaultValue.get()) : nullptr;
          n && parent && n->id == defaultLocal(f, p))
        s.defaults.push_back({p.name, n->id});
    }
    std::set<std::string> bound;
    for (auto &st : f.body) collectBoundNames(*st, bound);
    std::vector<FunctionDef *> defs;
    walkBody(s, f.body, defs);
    std::map<std::string, SourceLoc> seenDef;
    for (FunctionDef *d : defs) {
      if (seenDef.count(d->name))
        f.closureErrors.push_back(
            {d->nameLoc, "'" + d->name + "' is defined twice in '" + f.name +
                             "': a lambda or nested function can be defined only once in a function (line " +
                             std::to_string(seenDef[d->name].line) + " defines it first)"});
      seenDef.emplace(d->name, d->nameLoc);
      s.nested[d->name] = d;
    }
    // Names bound by a def only are functions; the others are variables.
    std::set<std::string> defNames;
    for (FunctionDef *d : defs) defNames.insert(d->name);
    std::set<std::string> nonDef;
    for (auto &st : f.body) collectNonDefBound(*st, nonDef);
    for (const std::string &n : bound)
      if (!defNames.count(n)) s.vars.insert(n);
    for (auto &[name, d] : s.nested)
      if (nonDef.count(name) || s.vars.count(name)) {
        // Reported once here; its uses are taken as the variable's.
        f.closureErrors.push_back({d->nameLoc, "'" + name + "' is both a nested function and a variable of '" +
                                                   f.name + "'; parjit cannot store a function in a variable"});
        s.vars.insert(name);
      }
    for (FunctionDef *d : defs) {
      d->qualname = f.shownName() + ".<locals>." + (d->isLambda ? "<lambda>" : d->name);
      build(*d, &s);
    }
    return &s;
  }

  /// The names a statement binds other than by a def.
  static void collectNonDefBound(const Stmt &s, std::set<std::string> &out) {
    if (isa<FunctionDef>(&s)) return;
    if (auto *i = dyn_cast<If>(&s)) { for (auto &x : i->body) collectNonDefBound(*x, out); for (auto &x : i->orelse) collectNonDefBound(*x, out); return; }
    if (auto *w = dyn_cast<While>(&s)) { for (auto &x : w->body) collectNonDefBound(*x, out); for (auto &x : w->orelse) collectNonDefBound(*x, out); return; }
    if (auto *f = dyn_cast<For>(&s)) {
      collectTargetNames(*f->target, out);
      for (auto &x : f->body) collectNonDefBound(*x, out);
      for (auto &x : f->orelse) collectNonDefBound(*x, out);
      return;
    }
    collectBoundNames(s, out);
  }

  /// Collects the reads, calls and nested defs of a function's own code.
  void walkBody(Scope &s, StmtList &body, std::vector<FunctionDef *> &defs) {
    for (auto &sp : body) walkStmt(s, *sp, defs);
  }
  void walkStmt(Scope &s, Stmt &st, std::vector<FunctionDef *> &defs) {
    if (auto *f = dyn_cast<FunctionDef>(&st)) {
      defs.push_back(f);
      for (auto &d : f->decorators) walkExpr(s, *d, {});
      return;
    }
    std::set<const Expr *> stores;
    auto storesOf = [&](const Expr &t) {
      std::function<void(const Expr &)> go = [&](const Expr &e) {
        if (isa<Name>(&e)) stores.insert(&e);
        else if (auto *tu = dyn_cast<Tuple>(&e)) for (auto &x : tu->elts) go(*x);
        else if (auto *l = dyn_cast<List>(&e)) for (auto &x : l->elts) go(*x);
        else if (auto *sr = dyn_cast<Starred>(&e)) go(*sr->value);
      };
      go(t);
    };
    if (auto *a = dyn_cast<Assign>(&st)) for (auto &t : a->targets) storesOf(*t);
    if (auto *a = dyn_cast<AnnAssign>(&st)) storesOf(*a->target);
    if (auto *f = dyn_cast<For>(&st)) storesOf(*f->target);
    forEachChild(
        st, [&](const Expr &e) { walkExpr(s, const_cast<Expr &>(e), stores); },
        [&](const Stmt &x) { walkStmt(s, const_cast<Stmt &>(x), defs); });
  }
  void walkExpr(Scope &s, Expr &e, const std::set<const Expr *> &stores) {
    if (isa<Lambda>(&e)) return; // an error where it is compiled
    if (auto *n = dyn_cast<Name>(&e)) {
      if (!stores.count(n)) s.reads.push_back(n);
      return;
    }
    if (auto *c = dyn_cast<Call>(&e)) s.calls.push_back(c);
    forEachChild(e, [&](const Expr &x) { walkExpr(s, const_cast<Expr &>(x), stores); });
  }

  struct Binding {
    Scope *scope = nullptr;           // null: a global (or undefined) name
    FunctionDef *function = nullptr;  // set: a nested function of `scope`
  };
  /// Where a name read in `s` is bound, by Python's rules (free variables a
  /// function gets from closure conversion do not count: they are not bound there).
  static Binding resolve(Scope *s, const std::string &name) {
    for (; s; s = s->parent) {
      auto n = s->nested.find(name);
      if (n != s->nested.end() && !s->vars.count(name)) return {s, n->second};
      if (s->vars.count(name)) return {s, nullptr};
    }
    return {};
  }

  /// `name`, bound in `binder`, is read in `s` (binder encloses s): it is a
  /// free variable of s and of every function between them.
  bool capture(Scope *s, Scope *binder, const std::string &name) {
    bool changed = false;
    for (; s && s != binder; s = s->parent)
      if (s->captureSet.insert(name).second) {
        s->captures.push_back(name);
        changed = true;
      }
    return changed;
  }

  /// One round over the names `s` reads: their free variables; with `final`,
  /// also marks names of nested functions and reports conflicts.
  bool resolveReads(Scope &s, bool final) {
    bool changed = false;
    for (Name *r : s.reads) {
      Binding b = resolve(&s, r->id);
      if (!b.function) {
        if (b.scope && b.scope != &s) changed |= capture(&s, b.scope, r->id);
        continue;
      }
      if (final) r->function = b.function;
      // Calling it passes its free variables and hoisted defaults: the caller
      // must see each under the same binding as the callee's definition does.
      Scope *callee = scopeOf.at(b.function);
      std::vector<std::string> passed = callee->captures;
      for (auto &d : callee->defaults) passed.push_back(d.second);
      for (const std::string &v : passed) {
        Binding want = resolve(callee->parent, v), got = resolve(&s, v);
        if (got.scope != want.scope || got.function) {
          if (final && reported.insert({&s, b.function, v}).second) {
            bool isDefault = v.find('.') != std::string::npos;
            std::string what = isDefault ? "the default value of its parameter '" + v.substr(v.find('.') + 1) + "'"
                                         : "'" + v + "'";
            s.def->closureErrors.push_back(
                {r->loc, "'" + s.def->name + "' calls '" + b.function->name + "', which reads " + what +
                             (want.scope ? " of '" + want.scope->def->name + "'" : "") + ", but '" + s.def->name +
                             "' has its own '" + v.substr(v.find('.') + 1) +
                             "' (parjit passes a lambda's or nested function's variables from its caller): rename one "
                             "of them"});
          }
          continue;
        }
        if (got.scope && got.scope != &s) changed |= capture(&s, got.scope, v);
      }
    }
    return changed;
  }

  /// Hidden parameters for the free variables; hidden keywords at the calls.
  void rewrite(Scope &s) {
    for (const std::string &v : s.captures) {
      Param p;
      p.loc = s.def->nameLoc.valid() ? s.def->nameLoc : s.def->loc;
      p.name = v;
      p.hidden = true;
      s.def->params.push_back(std::move(p));
    }
    for (Call *c : s.calls) {
      auto *n = dyn_cast<Name>(c->func.get());
      if (!n || !n->function) continue;
      Scope *callee = scopeOf.at(n->function);
      auto pass = [&](const std::string &param, const std::string &var, bool isDefault) {
        Keyword k;
        k.loc = c->loc;
        k.name = param;
        k.value = std::make_unique<Name>(c->loc, var);
        k.hidden = true;
        k.isDefault = isDefault;
        c->keywords.push_back(std::move(k));
      };
      for (const std::string &v : callee->captures) pass(v, v, false);
      for (auto &[param, var] : callee->defaults) pass(param, var, true);
    }
  }
};

} // namespace

void forEachModuleDef(StmtList &body, const std::function<void(FunctionDef &)> &fn) {
  for (auto &sp : body) {
    if (auto *f = dyn_cast<FunctionDef>(sp.get())) fn(*f);
    else if (auto *i = dyn_cast<If>(sp.get())) { forEachModuleDef(i->body, fn); forEachModuleDef(i->orelse, fn); }
    else if (auto *f = dyn_cast<For>(sp.get())) { forEachModuleDef(f->body, fn); forEachModuleDef(f->orelse, fn); }
    else if (auto *w = dyn_cast<While>(sp.get())) { forEachModuleDef(w->body, fn); forEachModuleDef(w->orelse, fn); }
  }
}

void convertClosures(Module &m) {
  desugarLambdas(m.body);
  forEachModuleDef(m.body, [](FunctionDef &f) { hoistDefaults(f.body); });
  Converter().run(m);
}

} // namespace parjit::ast
