// Reference counting of arrays: which locals own a reference, and where
// references are taken and released (see FunctionEmitter.h).
#include "codegen/FunctionEmitter.h"
#include "llvm/Support/Casting.h"
#include <functional>

using namespace llvm;

namespace parjit::codegen {

bool holdsArray(const Type *t) {
  if (!t) return false;
  if (t->isArray()) return true;
  if (t->isTuple())
    for (const Type *e : t->elts)
      if (holdsArray(e)) return true;
  return false;
}

namespace {

void targetNames(const ast::Expr &t, std::set<std::string> &out) {
  if (auto *n = dyn_cast<ast::Name>(&t)) out.insert(n->id);
  else if (auto *tu = dyn_cast<ast::Tuple>(&t)) for (auto &e : tu->elts) targetNames(*e, out);
  else if (auto *l = dyn_cast<ast::List>(&t)) for (auto &e : l->elts) targetNames(*e, out);
}
} // namespace

void FunctionEmitter::computeManaged(const std::vector<const ast::Stmt *> &body) {
  std::set<std::string> assigned;
  std::function<void(const ast::Stmt &)> walk = [&](const ast::Stmt &s) {
    if (auto *a = dyn_cast<ast::Assign>(&s)) for (auto &t : a->targets) targetNames(*t, assigned);
    else if (auto *a = dyn_cast<ast::AugAssign>(&s)) targetNames(*a->target, assigned);
    else if (auto *a = dyn_cast<ast::AnnAssign>(&s); a && a->value) targetNames(*a->target, assigned);
    else if (auto *f = dyn_cast<ast::For>(&s)) targetNames(*f->target, assigned);
    ast::forEachChild(s, [](const ast::Expr &) {}, walk);
  };
  for (const ast::Stmt *s : body) walk(*s);
  managed.clear();
  for (const std::string &n : assigned) {
    auto it = S.locals.find(n);
    if (it != S.locals.end() && holdsArray(it->second)) managed.insert(n);
  }
}

void FunctionEmitter::incref(Value *v, const Type *t) {
  if (t->isArray()) {
    B.CreateCall(M.runtime("pj_incref"), {B.CreateExtractValue(v, {0})});
  } else if (t->isTuple()) {
    for (unsigned i = 0; i < t->elts.size(); ++i)
      if (holdsArray(t->elts[i])) incref(B.CreateExtractValue(v, {i}), t->elts[i]);
  }
}

void FunctionEmitter::decref(Value *v, const Type *t) {
  if (t->isArray()) {
    B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(v, {0})});
  } else if (t->isTuple()) {
    for (unsigned i = 0; i < t->elts.size(); ++i)
      if (holdsArray(t->elts[i])) decref(B.CreateExtractValue(v, {i}), t->elts[i]);
  }
}

void FunctionEmitter::releaseTemps() {
  if (!terminated())
    for (auto &[v, t] : temps) decref(v, t);
  temps.clear();
}

void FunctionEmitter::releaseLocals() {
  if (checkedChild) return; // the caller's locals: it releases them
  for (const std::string &n : managed) {
    AllocaInst *slot = local(n);
    decref(B.CreateLoad(slot->getAllocatedType(), slot), S.locals.at(n));
  }
}

Value *FunctionEmitter::ownedValue(const ast::Expr &e) {
  Value *v = expr(e);
  const Type *t = typeOf(e);
  if (holdsArray(t)) incref(v, t); // the statement's temporaries are released separately
  return v;
}

} // namespace parjit::codegen
