// Statements: assignment, control flow, loops over range (with a version of
// the loop whose bounds checks are hoisted, see rangeChecks), return, assert.
#include "codegen/FunctionEmitter.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/Casting.h"
#include <functional>

using namespace llvm;

namespace parjit::codegen {

void FunctionEmitter::block(const std::vector<const ast::Stmt *> &b) {
  for (auto *s : b) {
    if (terminated()) return; // code after return/break/continue is unreachable
    stmt(*s);
  }
}
void FunctionEmitter::block(const ast::StmtList &b) {
  for (auto &s : b) {
    if (terminated()) return;
    stmt(*s);
  }
}

void FunctionEmitter::assign(const ast::Expr &target, Value *v, const Type *vt) {
  if (auto *n = dyn_cast<ast::Name>(&target)) {
    AllocaInst *slot = local(n->id);
    const Type *lt = S.locals.at(n->id);
    Value *nv = convert(v, vt, lt, target.loc);
    if (!managed.count(n->id)) {
      B.CreateStore(nv, slot);
      return;
    }
    // The local takes a reference to the new value, then drops the old one
    // (in this order, so that `a = a` keeps the array alive).
    incref(nv, lt);
    Value *old = B.CreateLoad(slot->getAllocatedType(), slot);
    B.CreateStore(nv, slot);
    decref(old, lt);
    return;
  }
  if (isa<ast::Tuple>(&target) || isa<ast::List>(&target)) {
    const ast::ExprList &elts = isa<ast::Tuple>(&target) ? cast<ast::Tuple>(target).elts : cast<ast::List>(target).elts;
    for (unsigned i = 0; i < elts.size(); ++i)
      assign(*elts[i], B.CreateExtractValue(v, {i}), vt->elts[i]);
    return;
  }
  if (auto *s = dyn_cast<ast::Subscript>(&target)) {
    Value *arr;
    const Type *at;
    Value *p = elementPtr(*s, arr, at);
    if (vt->isScalar() && isFloat(vt->dtype) && !isFloat(at->dtype) && at->dtype != DType::Bool) {
      // NumPy stores a float into one element of an integer array through
      // Python's int(): nan and inf raise, and so do values beyond int64.
      Value *big = at->dtype == DType::U64 // up to 2**64 fits a uint64 array
                       ? B.CreateOr(B.CreateFCmpOGE(v, ConstantFP::get(v->getType(), 0x1p64)),
                                    B.CreateFCmpOLT(v, ConstantFP::get(v->getType(), -0x1p63)))
                       : B.CreateFCmpOGE(B.CreateUnaryIntrinsic(Intrinsic::fabs, v), ConstantFP::get(v->getType(), 0x1p63));
      raiseIf(B.CreateFCmpUNO(v, v), target.loc, [&] { raiseMsg(PJ_EXC_VALUE, "cannot convert float NaN to integer"); });
      raiseIf(B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::fabs, v), ConstantFP::getInfinity(v->getType())),
              target.loc, [&] { raiseMsg(PJ_EXC_OVERFLOW, "cannot convert float infinity to integer"); });
      raiseIf(big, target.loc, [&] { raiseMsg(PJ_EXC_OVERFLOW, "Python int too large to convert to C long"); });
    }
    storeElement(p, convert(v, vt, typeOf(target)), at->dtype);
    return;
  }
  report_fatal_error("parjit: internal error: unsupported assignment target in codegen");
}

namespace {
/// In a prange body, the update of a reduction variable may be reassociated:
/// its partial is already a sum in chunk order, and this lets the vectorizer
/// keep several partial sums (deterministically: the order is fixed by the code).
struct ReassocScope {
  IRBuilder<> &B;
  FastMathFlags saved;
  ReassocScope(FunctionEmitter &fe, const ast::Expr &target) : B(fe.B), saved(fe.B.getFastMathFlags()) {
    if (auto *n = dyn_cast<ast::Name>(&target); n && fe.reductionVars.count(n->id)) {
      FastMathFlags f = saved;
      f.setAllowReassoc();
      B.setFastMathFlags(f);
    }
  }
  ~ReassocScope() { B.setFastMathFlags(saved); }
};
} // namespace

void FunctionEmitter::stmt(const ast::Stmt &s) {
  if (F->getSubprogram() && s.loc.valid())
    B.SetCurrentDebugLocation(DILocation::get(M.ctx, s.loc.line, s.loc.col, F->getSubprogram()));
  // In a program with GPU code: bring the arrays this statement uses up to
  // date on the host; a loop that launches nothing, as a whole.
  bool deep = false;
  if (M.deviceCode && !M.device && hostSynced == 0 && !terminated()) {
    deep = (isa<ast::For>(&s) || isa<ast::While>(&s)) && !mayLaunch(s);
    syncArraysForHost(s, deep);
  }
  if (deep) ++hostSynced;
  stmtImpl(s);
  if (deep) --hostSynced;
  // The statement's temporary arrays die with it (if and while release
  // those of their test before branching).
  if (!terminated()) releaseTemps();
  else temps.clear();
}

void FunctionEmitter::stmtImpl(const ast::Stmt &s) {
  switch (s.kind) {
  case ast::StmtKind::ExprStmt: {
    const ast::Expr &e = *cast<ast::ExprStmt>(s).value;
    if (isa<ast::StrLit>(&e)) return;
    expr(e);
    return;
  }
  case ast::StmtKind::Assign: {
    auto &a = cast<ast::Assign>(s);
    if (a.targets.size() == 1)
      if (auto *sub = dyn_cast<ast::Subscript>(a.targets[0].get()); sub && typeOf(*sub)->isArray()) {
        if (isMaskIndex(*sub)) return maskAssign(*sub, std::nullopt, *a.value, a.loc);
        // a[1:-1] = ...: computed straight into the view (NumPy's semantics).
        Value *dst = view(*sub);
        assignToView(dst, typeOf(*sub), *a.value, a.loc);
        return;
      }
    ReassocScope reassoc(*this, *a.targets.front());
    Value *v = expr(*a.value);
    for (auto &t : a.targets) assign(*t, v, typeOf(*a.value));
    return;
  }
  case ast::StmtKind::AugAssign: {
    auto &a = cast<ast::AugAssign>(s);
    if (const Type *tt = typeOf(*a.target); tt->isArray()) { // in place, as NumPy does
      if (auto *sub = dyn_cast<ast::Subscript>(a.target.get()); sub && isMaskIndex(*sub))
        return maskAssign(*sub, a.op, *a.value, a.opLoc.valid() ? a.opLoc : a.loc);
      Value *dst = isa<ast::Subscript>(a.target.get()) ? view(cast<ast::Subscript>(*a.target)) : expr(*a.target);
      augAssignArray(dst, tt, a.op, *a.value, a.opLoc.valid() ? a.opLoc : a.loc);
      return;
    }
    ReassocScope reassoc(*this, *a.target);
    if (auto *sub = dyn_cast<ast::Subscript>(a.target.get())) {
      // a[i] += v: compute the element address once.
      Value *arr;
      const Type *at;
      Value *p = elementPtr(*sub, arr, at);
      const Type *et = typeOf(*a.target);
      if (auto *base = dyn_cast<ast::Name>(sub->value.get()); base && atomicArrays.count(base->id)) {
        // An array reduction on the GPU: an atomic update of the element (integers: exact in any order).
        using K = ast::BinOpKind;
        Value *v = convert(expr(*a.value), typeOf(*a.value), et);
        AtomicRMWInst::BinOp op = a.op == K::Add ? AtomicRMWInst::Add : a.op == K::Sub ? AtomicRMWInst::Sub
                                  : a.op == K::BitOr ? AtomicRMWInst::Or : a.op == K::BitAnd ? AtomicRMWInst::And
                                                                          : AtomicRMWInst::Xor;
        B.CreateAtomicRMW(op, p, v, MaybeAlign(), AtomicOrdering::Monotonic);
        return;
      }
      Value *old = loadElement(p, at->dtype);
      Value *rhs = expr(*a.value);
      const Type *rt = typeOf(*a.value);
      const Type *res = nullptr;
      // The result type of the operation, then stored back with the array's dtype.
      {
        typed::DType d = typed::promote(et->dtype, rt->dtype);
        if (a.op == ast::BinOpKind::Div) d = d == DType::F32 ? DType::F32 : DType::F64;
        if (et->dtype == DType::Bool && rt->dtype == DType::Bool &&
            a.op != ast::BinOpKind::BitAnd && a.op != ast::BinOpKind::BitOr && a.op != ast::BinOpKind::BitXor)
          d = DType::I64;
        res = M.T.scalar(d);
      }
      Value *nv = binop(a.op, old, et, rhs, rt, res, a.opLoc.valid() ? a.opLoc : a.loc);
      storeElement(p, convert(nv, res, et), at->dtype);
      return;
    }
    auto *n = cast<ast::Name>(a.target.get());
    Value *old = B.CreateLoad(M.llvmType(S.locals.at(n->id)), local(n->id));
    const Type *lt = S.locals.at(n->id);
    Value *rhs = expr(*a.value);
    const Type *rt = typeOf(*a.value);
    DType d = typed::promote(lt->dtype, rt->dtype);
    if (a.op == ast::BinOpKind::Div) d = d == DType::F32 ? DType::F32 : DType::F64;
    if (lt->dtype == DType::Bool && rt->dtype == DType::Bool &&
        a.op != ast::BinOpKind::BitAnd && a.op != ast::BinOpKind::BitOr && a.op != ast::BinOpKind::BitXor)
      d = DType::I64;
    const Type *res = M.T.scalar(d);
    Value *nv = binop(a.op, old, lt, rhs, rt, res, a.opLoc.valid() ? a.opLoc : a.loc);
    B.CreateStore(convert(nv, res, lt), local(n->id));
    return;
  }
  case ast::StmtKind::AnnAssign: {
    auto &a = cast<ast::AnnAssign>(s);
    if (a.value) assign(*a.target, expr(*a.value), typeOf(*a.value));
    return;
  }
  case ast::StmtKind::If: {
    auto &i = cast<ast::If>(s);
    // `if __name__ == "__main__":` and other constant string tests fold here.
    if (auto *c = dyn_cast<ast::Compare>(i.test.get()))
      if (c->ops.size() == 1 && typed::constString(c->left.get()) && typed::constString(c->comparators[0].get())) {
        bool eq = *typed::constString(c->left.get()) == *typed::constString(c->comparators[0].get());
        bool take = c->ops[0] == ast::CmpOpKind::Eq ? eq : !eq;
        block(take ? i.body : i.orelse);
        return;
      }
    Value *cond = truth(expr(*i.test), typeOf(*i.test));
    releaseTemps();
    BasicBlock *thenBB = newBlock("if.then"), *elseBB = newBlock("if.else"), *endBB = newBlock("if.end");
    B.CreateCondBr(cond, thenBB, elseBB);
    B.SetInsertPoint(thenBB);
    block(i.body);
    if (!terminated()) B.CreateBr(endBB);
    B.SetInsertPoint(elseBB);
    block(i.orelse);
    if (!terminated()) B.CreateBr(endBB);
    B.SetInsertPoint(endBB);
    if (pred_empty(endBB)) { // both branches returned
      new UnreachableInst(M.ctx, endBB);
    }
    return;
  }
  case ast::StmtKind::While: {
    auto &w = cast<ast::While>(s);
    BasicBlock *condBB = newBlock("while.cond"), *bodyBB = newBlock("while.body"), *endBB = newBlock("while.end");
    // `else:` runs when the condition fails, not after a break.
    BasicBlock *elseBB = w.orelse.empty() ? endBB : newBlock("while.else");
    B.CreateBr(condBB);
    B.SetInsertPoint(condBB);
    Value *c = truth(expr(*w.test), typeOf(*w.test));
    releaseTemps();
    B.CreateCondBr(c, bodyBB, elseBB);
    B.SetInsertPoint(bodyBB);
    loops.push_back({condBB, endBB});
    block(w.body);
    loops.pop_back();
    if (!terminated()) B.CreateBr(condBB);
    if (elseBB != endBB) {
      B.SetInsertPoint(elseBB);
      block(w.orelse);
      if (!terminated()) B.CreateBr(endBB);
    }
    B.SetInsertPoint(endBB);
    return;
  }
  case ast::StmtKind::For: forRange(cast<ast::For>(s)); return;
  case ast::StmtKind::Break: B.CreateBr(loops.back().breakBB); return;
  case ast::StmtKind::Continue: B.CreateBr(loops.back().continueBB); return;
  case ast::StmtKind::Pass: return;
  case ast::StmtKind::Return: {
    auto &r = cast<ast::Return>(s);
    if (r.value) {
      // The caller gets a reference of its own to a returned array.
      Value *v = S.retType->kind != typed::TypeKind::None ? ownedValue(*r.value) : expr(*r.value);
      if (S.retType->kind != typed::TypeKind::None)
        B.CreateStore(convert(v, typeOf(*r.value), S.retType), retSlot);
    }
    releaseTemps();
    if (checkedChild) { // the caller returns; it owns the locals
      copyLocalsToEnv();
      B.CreateRet(B.getInt32(-1));
      return;
    }
    releaseLocals();
    B.CreateRet(B.getInt32(0));
    return;
  }
  case ast::StmtKind::Assert: {
    auto &a = cast<ast::Assert>(s);
    Value *ok = truth(expr(*a.test), typeOf(*a.test));
    releaseTemps();
    std::string msg;
    if (a.msg)
      if (const std::string *m = typed::constString(a.msg.get())) msg = *m;
    raiseIf(B.CreateNot(ok), s.loc, [&] { raiseMsg(PJ_EXC_ASSERTION, msg); });
    return;
  }
  case ast::StmtKind::Import:
  case ast::StmtKind::ImportFrom:
  case ast::StmtKind::FunctionDef:
  case ast::StmtKind::UnsupportedStmt: // a module-level class that nothing uses
    return;
  default:
    report_fatal_error("parjit: internal error: unsupported statement reached code generation");
  }
}

namespace {

/// Names assigned anywhere in a loop body (these are not loop-invariant).
void assignedNames(const ast::StmtList &body, std::set<std::string> &out);
void targetNames(const ast::Expr &t, std::set<std::string> &out) {
  if (auto *n = dyn_cast<ast::Name>(&t)) out.insert(n->id);
  else if (auto *tu = dyn_cast<ast::Tuple>(&t)) for (auto &e : tu->elts) targetNames(*e, out);
  else if (auto *l = dyn_cast<ast::List>(&t)) for (auto &e : l->elts) targetNames(*e, out);
}
void assignedNames(const ast::StmtList &body, std::set<std::string> &out) {
  for (auto &sp : body) {
    const ast::Stmt &s = *sp;
    if (auto *a = dyn_cast<ast::Assign>(&s)) for (auto &t : a->targets) targetNames(*t, out);
    else if (auto *a = dyn_cast<ast::AugAssign>(&s)) targetNames(*a->target, out);
    else if (auto *a = dyn_cast<ast::AnnAssign>(&s)) targetNames(*a->target, out);
    else if (auto *f = dyn_cast<ast::For>(&s)) { targetNames(*f->target, out); assignedNames(f->body, out); }
    else if (auto *w = dyn_cast<ast::While>(&s)) assignedNames(w->body, out);
    else if (auto *i = dyn_cast<ast::If>(&s)) { assignedNames(i->body, out); assignedNames(i->orelse, out); }
  }
}

using RangeCheck = FunctionEmitter::RangeCheck;

bool invariantExpr(const ast::Expr &e, const std::set<std::string> &assigned, const std::string &iv, int depth = 0) {
  if (depth > 4) return false;
  if (auto *n = dyn_cast<ast::Name>(&e)) return n->id != iv && !assigned.count(n->id);
  if (isa<ast::IntLit>(&e)) return true;
  if (auto *b = dyn_cast<ast::BinOp>(&e))
    return (b->op == ast::BinOpKind::Add || b->op == ast::BinOpKind::Sub) &&
           invariantExpr(*b->lhs, assigned, iv, depth + 1) && invariantExpr(*b->rhs, assigned, iv, depth + 1);
  if (auto *u = dyn_cast<ast::UnaryOp>(&e)) return u->op == ast::UnaryOpKind::Neg && invariantExpr(*u->operand, assigned, iv, depth + 1);
  return false;
}

struct CheckCollector {
  const std::set<std::string> &assigned;
  const std::string &iv;
  std::vector<RangeCheck> checks;
  bool ok = true;

  void classify(const ast::Subscript &s, unsigned axis, const ast::Expr &idx) {
    if (auto *n = dyn_cast<ast::Name>(&idx); n && n->id == iv) {
      checks.push_back({&s, axis, nullptr, false, true});
      return;
    }
    if (auto *b = dyn_cast<ast::BinOp>(&idx); b && (b->op == ast::BinOpKind::Add || b->op == ast::BinOpKind::Sub)) {
      auto *n = dyn_cast<ast::Name>(b->lhs.get());
      if (n && n->id == iv && invariantExpr(*b->rhs, assigned, iv)) {
        checks.push_back({&s, axis, b->rhs.get(), b->op == ast::BinOpKind::Sub, true});
        return;
      }
      auto *m = dyn_cast<ast::Name>(b->rhs.get());
      if (m && m->id == iv && b->op == ast::BinOpKind::Add && invariantExpr(*b->lhs, assigned, iv)) {
        checks.push_back({&s, axis, b->lhs.get(), false, true});
        return;
      }
    }
    if (invariantExpr(idx, assigned, iv)) checks.push_back({&s, axis, &idx, false, false});
  }
  void expr(const ast::Expr *e) {
    if (!e) return;
    if (auto *s = dyn_cast<ast::Subscript>(e)) {
      auto *base = dyn_cast<ast::Name>(s->value.get());
      if (base && !assigned.count(base->id) && base->id != iv) {
        if (auto *t = dyn_cast<ast::Tuple>(s->index.get())) {
          for (unsigned k = 0; k < t->elts.size(); ++k) classify(*s, k, *t->elts[k]);
        } else {
          classify(*s, 0, *s->index);
        }
      }
      expr(s->value.get());
      expr(s->index.get());
      return;
    }
    switch (e->kind) {
    case ast::ExprKind::BinOp: expr(cast<ast::BinOp>(e)->lhs.get()); expr(cast<ast::BinOp>(e)->rhs.get()); break;
    case ast::ExprKind::UnaryOp: expr(cast<ast::UnaryOp>(e)->operand.get()); break;
    case ast::ExprKind::BoolOp: for (auto &v : cast<ast::BoolOp>(e)->values) expr(v.get()); break;
    case ast::ExprKind::Compare:
      expr(cast<ast::Compare>(e)->left.get());
      for (auto &v : cast<ast::Compare>(e)->comparators) expr(v.get());
      break;
    case ast::ExprKind::Call:
      for (auto &v : cast<ast::Call>(e)->args) expr(v.get());
      for (auto &k : cast<ast::Call>(e)->keywords) expr(k.value.get());
      break;
    case ast::ExprKind::Tuple: for (auto &v : cast<ast::Tuple>(e)->elts) expr(v.get()); break;
    case ast::ExprKind::IfExp:
      expr(cast<ast::IfExp>(e)->test.get()); expr(cast<ast::IfExp>(e)->body.get()); expr(cast<ast::IfExp>(e)->orelse.get());
      break;
    case ast::ExprKind::Attribute: expr(cast<ast::Attribute>(e)->value.get()); break;
    default: break;
    }
  }
  void stmts(const ast::StmtList &l) {
    for (auto &s : l) stmt(*s);
  }
  void stmt(const ast::Stmt &s) {
    switch (s.kind) {
    case ast::StmtKind::ExprStmt: expr(cast<ast::ExprStmt>(s).value.get()); break;
    case ast::StmtKind::Assign: {
      auto &a = cast<ast::Assign>(s);
      expr(a.value.get());
      for (auto &t : a.targets) expr(t.get());
      break;
    }
    case ast::StmtKind::AugAssign: expr(cast<ast::AugAssign>(s).target.get()); expr(cast<ast::AugAssign>(s).value.get()); break;
    case ast::StmtKind::If: expr(cast<ast::If>(s).test.get()); stmts(cast<ast::If>(s).body); stmts(cast<ast::If>(s).orelse); break;
    case ast::StmtKind::Return: expr(cast<ast::Return>(s).value.get()); break;
    case ast::StmtKind::Assert: expr(cast<ast::Assert>(s).test.get()); break;
    // Loops nested inside are versioned on their own; their accesses are not ours.
    case ast::StmtKind::For: case ast::StmtKind::While: break;
    default: break;
    }
  }
};

} // namespace

std::vector<RangeCheck> FunctionEmitter::rangeChecks(const ast::StmtList &body, const std::string &iv,
                                                     const std::set<std::string> &otherVariables) {
  if (!S.boundsCheck) return {};
  std::set<std::string> assigned = otherVariables;
  assignedNames(body, assigned);
  if (assigned.count(iv)) return {};
  CheckCollector cc{assigned, iv, {}, true};
  cc.stmts(body);
  return std::move(cc.checks);
}

Value *FunctionEmitter::rangeChecksHold(const std::vector<RangeCheck> &checks, Value *lo, Value *hi) {
  Value *allOk = B.getTrue();
  for (auto &rc : checks) {
    // The array is a loop-invariant local: read its shape now.
    auto *base = cast<ast::Name>(rc.sub->value.get());
    Value *arr = B.CreateLoad(M.llvmType(S.locals.at(base->id)), local(base->id));
    Value *dim = arrayDim(arr, rc.axis);
    Value *minIdx, *maxIdx;
    if (rc.affine) {
      Value *off = rc.offset ? convert(expr(*rc.offset), typeOf(*rc.offset), M.T.i64()) : i64(0);
      if (rc.negate) off = B.CreateNeg(off);
      minIdx = B.CreateAdd(lo, off);
      maxIdx = B.CreateAdd(hi, off);
    } else {
      minIdx = maxIdx = convert(expr(*rc.offset), typeOf(*rc.offset), M.T.i64());
    }
    allOk = B.CreateAnd(allOk, B.CreateAnd(B.CreateICmpSGE(minIdx, i64(0)), B.CreateICmpSLT(maxIdx, dim)));
  }
  return allOk;
}

void FunctionEmitter::forRange(const ast::For &f) {
  if (const parallel::LoopPlan *p = M.plan.find(&S, &f); p && p->parallel && !outlined)
    return S.cudaOffload ? emitOffloadLaunch(f, *p) : emitParallelFor(f, *p);
  auto &c = cast<ast::Call>(*f.iter);
  std::vector<Value *> args;
  for (auto &a : c.args) args.push_back(convert(expr(*a), typeOf(*a), M.T.i64()));
  releaseTemps();
  Value *start = args.size() >= 2 ? args[0] : i64(0);
  Value *stop = args.size() >= 2 ? args[1] : args[0];
  Value *step = args.size() == 3 ? args[2] : i64(1);
  std::optional<int64_t> constStep;
  if (auto *ci = dyn_cast<ConstantInt>(step)) constStep = ci->getSExtValue();
  if (!constStep) {
    raiseIf(B.CreateICmpEQ(step, i64(0)), c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "range() arg 3 must not be zero"); });
  }
  emitRangeLoop(f, start, stop, step, constStep);
}

void FunctionEmitter::emitRangeLoop(const ast::For &f, Value *start, Value *stop, Value *step,
                                    std::optional<int64_t> constStep, bool withElse) {
  auto *target = dyn_cast<ast::Name>(f.target.get());
  // Versioning: when every array index in the body that the loop can check up
  // front is in range for the whole iteration space, run a copy of the loop
  // without those checks (and so vectorizable); otherwise the checked copy.
  std::vector<RangeCheck> checks;
  if (target && constStep && *constStep != 0 && !checkedChild) checks = rangeChecks(f.body, target->id, {});
  // A loop that accumulates into a scalar (s += ...) is latency-bound:
  // leave it to the vectorizer to interleave several accumulators.
  bool accumulates = false;
  {
    std::function<void(const ast::StmtList &)> scan = [&](const ast::StmtList &l) {
      for (auto &st : l) {
        if (auto *a = dyn_cast<ast::AugAssign>(st.get()); a && isa<ast::Name>(a->target.get())) accumulates = true;
        else if (auto *w = dyn_cast<ast::While>(st.get())) scan(w->body);
        else if (auto *fo = dyn_cast<ast::For>(st.get())) scan(fo->body);
        else if (auto *i = dyn_cast<ast::If>(st.get())) { scan(i->body); scan(i->orelse); }
      }
    };
    scan(f.body);
  }
  auto emitLoop = [&](bool fast) {
    BasicBlock *condBB = newBlock(fast ? "for.fast.cond" : "for.cond");
    BasicBlock *bodyBB = newBlock("for.body"), *incBB = newBlock("for.inc"), *endBB = newBlock("for.end");
    BasicBlock *elseBB = f.orelse.empty() || !withElse ? endBB : newBlock("for.else");
    BasicBlock *pre = B.GetInsertBlock();
    B.CreateBr(condBB);
    B.SetInsertPoint(condBB);
    PHINode *iv = B.CreatePHI(B.getInt64Ty(), 2, "i");
    iv->addIncoming(start, pre);
    Value *more;
    if (constStep) more = *constStep > 0 ? B.CreateICmpSLT(iv, stop) : B.CreateICmpSGT(iv, stop);
    else more = B.CreateSelect(B.CreateICmpSGT(step, i64(0)), B.CreateICmpSLT(iv, stop), B.CreateICmpSGT(iv, stop));
    B.CreateCondBr(more, bodyBB, elseBB);
    B.SetInsertPoint(bodyBB);
    assign(*f.target, iv, M.T.i64());
    auto savedProven = proven;
    if (fast)
      for (auto &rc : checks) proven.insert({rc.sub, rc.axis});
    loops.push_back({incBB, endBB});
    block(f.body);
    loops.pop_back();
    proven = std::move(savedProven);
    if (!terminated()) B.CreateBr(incBB);
    B.SetInsertPoint(incBB);
    Value *next = B.CreateAdd(iv, step, "i.next", false, true);
    iv->addIncoming(next, incBB);
    BranchInst *back = B.CreateBr(condBB);
    auto hint = [&](const char *name, Constant *value) -> Metadata * {
      if (!value) return MDNode::get(M.ctx, {MDString::get(M.ctx, name)});
      return MDNode::get(M.ctx, {MDString::get(M.ctx, name), ConstantAsMetadata::get(value)});
    };
    SmallVector<Metadata *, 3> hints;
    if (!fast && !checks.empty() && !(M.device && mayHaveBarrier(f))) {
      // The checked copy only runs when an index will be out of range or
      // negative: keep it small (no vectorizing, no unrolling) to save compile time.
      hints = {hint("llvm.loop.vectorize.enable", B.getFalse()), hint("llvm.loop.unroll.disable", nullptr)};
    } else if (!accumulates) {
      // Iterations are independent, so out-of-order execution already overlaps
      // them; interleaving 4 copies of a 512-bit body only adds stores in
      // flight, which costs streaming loops like triad 1.3x on Zen 4.
      hints = {hint("llvm.loop.interleave.count", B.getInt32(1))};
    }
    // The loop's source position, which LLVM's remarks report (parjit explain).
    if (DISubprogram *sp = F->getSubprogram())
      hints.insert(hints.begin(), DILocation::get(M.ctx, f.loc.line, f.loc.col, sp));
    if (!hints.empty()) {
      hints.insert(hints.begin(), nullptr);
      MDNode *loopID = MDNode::getDistinct(M.ctx, hints);
      loopID->replaceOperandWith(0, loopID);
      back->setMetadata(LLVMContext::MD_loop, loopID);
    }
    if (elseBB != endBB) {
      B.SetInsertPoint(elseBB);
      block(f.orelse);
      if (!terminated()) B.CreateBr(endBB);
    }
    B.SetInsertPoint(endBB);
  };
  // On the GPU, a loop that may hold cuda.syncthreads() (a barrier, or a call
  // of a function that might have one) stays one loop with its checks:
  // threads of a block must not split between two copies of it.
  if (checks.empty() || (M.device && mayHaveBarrier(f))) {
    emitLoop(false);
    return;
  }
  // The first and last values of the loop variable (when the loop runs at all).
  int64_t st = *constStep;
  Value *nonEmpty = st > 0 ? B.CreateICmpSLT(start, stop) : B.CreateICmpSGT(start, stop);
  Value *span = st > 0 ? B.CreateSub(B.CreateSub(stop, start), i64(1)) : B.CreateSub(B.CreateSub(start, stop), i64(1));
  Value *lastOff = B.CreateMul(B.CreateSDiv(span, i64(st > 0 ? st : -st)), i64(st > 0 ? st : -st));
  Value *last = st > 0 ? B.CreateAdd(start, lastOff) : B.CreateSub(start, lastOff);
  Value *lo = st > 0 ? start : last, *hi = st > 0 ? last : start;
  Value *fastOk = B.CreateOr(B.CreateNot(nonEmpty), rangeChecksHold(checks, lo, hi));
  BasicBlock *fastBB = newBlock("for.fast"), *slowBB = newBlock("for.checked"), *joinBB = newBlock("for.join");
  auto *br = B.CreateCondBr(fastOk, fastBB, slowBB);
  br->setMetadata(LLVMContext::MD_prof, MDBuilder(M.ctx).createLikelyBranchWeights());
  B.SetInsertPoint(fastBB);
  emitLoop(true);
  if (!terminated()) B.CreateBr(joinBB);
  B.SetInsertPoint(slowBB);
  emitCheckedLoopCall(f, start, stop, step, constStep, withElse);
  if (!terminated()) B.CreateBr(joinBB);
  B.SetInsertPoint(joinBB);
}

namespace {
/// The checked-loop env: the caller's return slot, the range, then every local.
enum CheckedEnv : unsigned { kRetSlot, kStart, kStop, kStep, kFirstLocal };
} // namespace

void FunctionEmitter::emitCheckedLoopCall(const ast::For &f, Value *start, Value *stop, Value *step,
                                          std::optional<int64_t> constStep, bool withElse) {
  auto *ptrTy = PointerType::getUnqual(M.ctx);
  // The locals the loop uses travel in the env; those it assigns come back.
  std::set<std::string> used, assigned;
  {
    std::function<void(const ast::Expr &)> names = [&](const ast::Expr &e) {
      if (auto *n = dyn_cast<ast::Name>(&e); n && S.locals.count(n->id)) used.insert(n->id);
      ast::forEachChild(e, names);
    };
    std::function<void(const ast::Stmt &)> walk = [&](const ast::Stmt &st) {
      ast::forEachChild(st, names, walk);
    };
    names(*f.target);
    for (auto &st : f.body) walk(*st);
    for (auto &st : f.orelse) walk(*st);
    assignedNames(f.body, assigned);
    assignedNames(f.orelse, assigned);
    targetNames(*f.target, assigned);
  }
  std::vector<std::string> envLocals(used.begin(), used.end());
  std::vector<llvm::Type *> fields{ptrTy, B.getInt64Ty(), B.getInt64Ty(), B.getInt64Ty()};
  for (const std::string &name : envLocals) fields.push_back(M.llvmType(S.locals.at(name)));
  StructType *envTy = StructType::get(M.ctx, fields);
  AllocaInst *env;
  {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    env = eb.CreateAlloca(envTy, nullptr, "checked.env");
  }
  B.CreateStore(retSlot ? retSlot : ConstantPointerNull::get(ptrTy), B.CreateStructGEP(envTy, env, kRetSlot));
  B.CreateStore(start, B.CreateStructGEP(envTy, env, kStart));
  B.CreateStore(stop, B.CreateStructGEP(envTy, env, kStop));
  B.CreateStore(step, B.CreateStructGEP(envTy, env, kStep));
  unsigned k = kFirstLocal;
  for (const std::string &name : envLocals) {
    AllocaInst *slot = local(name);
    B.CreateStore(B.CreateLoad(slot->getAllocatedType(), slot), B.CreateStructGEP(envTy, env, k++));
  }
  auto *fty = FunctionType::get(B.getInt32Ty(), {ptrTy}, false);
  Function *fn = Function::Create(fty, GlobalValue::InternalLinkage,
                                  F->getName() + ".checked.line" + std::to_string(f.loc.line), M.mod);
  fn->setDoesNotThrow();
  fn->addFnAttr(Attribute::NoInline);
  fn->addFnAttr(Attribute::OptimizeNone);
  fn->addFnAttr(Attribute::Cold);
  {
    FunctionEmitter sub(M, S, fn);
    sub.hostSynced = hostSynced; // an outlined part of a loop the caller synced for the host
    sub.outlined = false;
    sub.checkedChild = true;
    sub.childEnv = envTy;
    sub.childLocals = envLocals;
    sub.managed = managed;
    sub.emitCheckedLoopBody(f, envTy, constStep, withElse);
  }
  Value *status = B.CreateCall(fn, {env}, "checked.status");
  // The locals come back whatever happened (an exception leaves them as they were).
  k = kFirstLocal;
  for (const std::string &name : envLocals) {
    if (assigned.count(name))
      B.CreateStore(B.CreateLoad(M.llvmType(S.locals.at(name)), B.CreateStructGEP(envTy, env, k)), local(name));
    ++k;
  }
  // 0: the loop ended; -1: a return in the loop (the value is in retSlot); >0: an exception's line.
  checkFailedAt(B.CreateICmpSGT(status, B.getInt32(0)), status);
  BasicBlock *returned = newBlock("checked.returned"), *cont = newBlock("checked.done");
  B.CreateCondBr(B.CreateICmpEQ(status, B.getInt32(-1)), returned, cont);
  B.SetInsertPoint(returned);
  if (outlined) { // a prange body has no return (analyze-parallel refuses it)
    B.CreateUnreachable();
  } else {
    releaseLocals();
    B.CreateRet(B.getInt32(0));
  }
  B.SetInsertPoint(cont);
}

void FunctionEmitter::copyLocalsToEnv() {
  Value *env = F->getArg(0);
  unsigned k = kFirstLocal;
  for (const std::string &name : childLocals) {
    AllocaInst *slot = local(name);
    B.CreateStore(B.CreateLoad(slot->getAllocatedType(), slot), B.CreateStructGEP(childEnv, env, k++));
  }
}

void FunctionEmitter::emitCheckedLoopBody(const ast::For &f, StructType *envTy, std::optional<int64_t> constStep,
                                          bool withElse) {
  setUpFrame();
  Value *env = F->getArg(0);
  auto field = [&](unsigned k) { return B.CreateLoad(envTy->getElementType(k), B.CreateStructGEP(envTy, env, k)); };
  retSlot = field(kRetSlot);
  Value *start = field(kStart), *stop = field(kStop);
  Value *step = constStep ? i64(*constStep) : field(kStep);
  unsigned k = kFirstLocal;
  for (const std::string &name : childLocals) B.CreateStore(field(k++), local(name));
  if (F->getSubprogram()) B.SetCurrentDebugLocation(DILocation::get(M.ctx, f.loc.line, f.loc.col, F->getSubprogram()));
  emitRangeLoop(f, start, stop, step, constStep, withElse); // not versioned again: checkedChild
  if (!terminated()) {
    releaseTemps();
    copyLocalsToEnv();
    B.CreateRet(B.getInt32(0));
  }
  finishFrame();
}

} // namespace parjit::codegen
