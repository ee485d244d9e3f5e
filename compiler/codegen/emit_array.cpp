// NumPy's array programming in generated code. An element-wise expression
// (operators and ufuncs over arrays and scalars) is never evaluated operator
// by operator: its leaves (names, views, calls, scalars) are evaluated once,
// their shapes broadcast, and one loop nest computes each element of the
// whole expression; so `a * b + np.sin(x) * 2.0` makes no temporary array.
// Views (slicing) share their base's memory and hold a reference to it.
// Reductions follow NumPy's order of operations (pairwise float sums in
// blocks of 8192 elements), so that results match NumPy's bit for bit.
#include "codegen/Elementwise.h"
#include "typed/ArrayOps.h"
#include "typed/Builtins.h"
#include "llvm/Support/Casting.h"
#include <cmath>
#include <functional>
#include <map>

using namespace llvm;

namespace parjit::codegen {

using typed::findUfunc;
using typed::isFloat;
using typed::isInt;
using typed::isSigned;
using typed::UfuncKind;

bool FunctionEmitter::isElementwise(const ast::Expr &e) const {
  const Type *t = S.typeOf(&e);
  if (!t || !t->isArray()) return false;
  switch (e.kind) {
  case ast::ExprKind::BinOp: return cast<ast::BinOp>(e).op != ast::BinOpKind::MatMul;
  case ast::ExprKind::UnaryOp: case ast::ExprKind::Compare: return true;
  case ast::ExprKind::Call: return !ufuncName(*this, e).empty();
  default: return false;
  }
}

Value *FunctionEmitter::elementBinop(ast::BinOpKind op, Value *l, DType ld, Value *r, DType rd, DType d) {
  static const ast::Name dummy({}, "");
  Elementwise ew(*this, dummy);
  return ew.binopPublic(op, l, ld, r, rd, d);
}

/// [lowest byte, one past the highest byte] of an array's elements.
static std::pair<Value *, Value *> extentOf(FunctionEmitter &fe, Value *arr, const Type *t) {
  IRBuilder<> &B = fe.B;
  Value *lo = B.CreatePtrToInt(fe.arrayData(arr), B.getInt64Ty()), *hi = B.CreateAdd(lo, fe.i64(typed::byteSize(t->dtype)));
  Value *empty = B.getFalse();
  for (int k = 0; k < t->ndim; ++k) {
    Value *dim = fe.arrayDim(arr, k);
    empty = B.CreateOr(empty, B.CreateICmpSLE(dim, fe.i64(0)));
    Value *span = B.CreateMul(B.CreateSub(dim, fe.i64(1)), fe.arrayStride(arr, k));
    lo = B.CreateAdd(lo, B.CreateBinaryIntrinsic(Intrinsic::smin, span, fe.i64(0)));
    hi = B.CreateAdd(hi, B.CreateBinaryIntrinsic(Intrinsic::smax, span, fe.i64(0)));
  }
  return {lo, B.CreateSelect(empty, lo, hi)};
}

// ---- loops ----

void FunctionEmitter::emitIndexLoops(const std::vector<Value *> &shape,
                                     const std::function<void(const std::vector<Value *> &)> &body) {
  std::vector<Value *> idx;
  std::function<void(size_t)> level = [&](size_t k) {
    if (k == shape.size()) {
      body(idx);
      return;
    }
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("nd.loop"), *done = newBlock("nd.done");
    B.CreateCondBr(B.CreateICmpSGT(shape[k], i64(0)), loop, done);
    B.SetInsertPoint(loop);
    PHINode *i = B.CreatePHI(B.getInt64Ty(), 2, "i" + std::to_string(k));
    i->addIncoming(i64(0), pre);
    idx.push_back(i);
    level(k + 1);
    idx.pop_back();
    Value *next = B.CreateAdd(i, i64(1), "", true, true);
    i->addIncoming(next, B.GetInsertBlock());
    B.CreateCondBr(B.CreateICmpSLT(next, shape[k]), loop, done);
    B.SetInsertPoint(done);
  };
  level(0);
}

void FunctionEmitter::emitFlatLoop(Value *n, const std::function<void(Value *)> &body) {
  BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("flat.loop"), *done = newBlock("flat.done");
  B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
  B.SetInsertPoint(loop);
  PHINode *i = B.CreatePHI(B.getInt64Ty(), 2, "i");
  i->addIncoming(i64(0), pre);
  body(i);
  Value *next = B.CreateAdd(i, i64(1), "", true, true);
  i->addIncoming(next, B.GetInsertBlock());
  B.CreateCondBr(B.CreateICmpSLT(next, n), loop, done);
  B.SetInsertPoint(done);
}

Value *FunctionEmitter::shapeCount(const std::vector<Value *> &shape) {
  Value *n = i64(1);
  for (Value *d : shape) n = B.CreateMul(n, d);
  return n;
}

// ---- element-wise expressions ----

Value *FunctionEmitter::materialize(const ast::Expr &e) {
  const Type *t = typeOf(e);
  Elementwise ew(*this, e);
  ew.collect();
  std::vector<Value *> shape = ew.shape(e.loc);
  Value *outArr = allocArray(t->dtype, shape, e.loc, false);
  Value *data = arrayData(outArr);
  auto store = [&](Value *flat, const std::vector<Value *> &idx) {
    DType d;
    Value *v = ew.element(e, d, flat, idx);
    storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), data, flat ? flat : cOrderIndex(shape, idx)),
                 toDType(v, M.T.scalar(d), t->dtype), t->dtype);
  };
  emitElementwiseLoops(ew, shape, store);
  checkPowErrors(e);
  temps.push_back({outArr, t}); // a new array: a temporary of the statement
  return outArr;
}

Value *FunctionEmitter::cOrderIndex(const std::vector<Value *> &shape, const std::vector<Value *> &idx) {
  Value *flat = i64(0);
  for (size_t k = 0; k < idx.size(); ++k) flat = B.CreateAdd(B.CreateMul(flat, shape[k]), idx[k]);
  return flat;
}

void FunctionEmitter::emitElementwiseLoops(Elementwise &ew, const std::vector<Value *> &shape,
                                           const std::function<void(Value *, const std::vector<Value *> &)> &body) {
  // One flat loop when every operand is C-contiguous and of the result's
  // shape (the common case, and the one that vectorizes best); else one loop
  // per axis, with the strides of broadcast axes set to 0.
  if (ew.staticFlat()) {
    BasicBlock *flatBB = newBlock("ew.flat"), *nestBB = newBlock("ew.nested"), *join = newBlock("ew.join");
    B.CreateCondBr(ew.runtimeFlat(), flatBB, nestBB);
    B.SetInsertPoint(flatBB);
    emitFlatLoop(shapeCount(shape), [&](Value *i) { body(i, {}); });
    B.CreateBr(join);
    B.SetInsertPoint(nestBB);
    emitIndexLoops(shape, [&](const std::vector<Value *> &idx) { body(nullptr, idx); });
    B.CreateBr(join);
    B.SetInsertPoint(join);
    return;
  }
  emitIndexLoops(shape, [&](const std::vector<Value *> &idx) { body(nullptr, idx); });
}

void FunctionEmitter::checkPowErrors(const ast::Expr &e) {
  // Integer ** raises (negative exponents) through pj_pow_i64: look once after the loop.
  bool intPow = false;
  std::function<void(const ast::Expr &)> scan = [&](const ast::Expr &x) {
    if (auto *b = dyn_cast<ast::BinOp>(&x); b && b->op == ast::BinOpKind::Pow && isElementwise(x) && !isFloat(typeOf(x)->dtype))
      intPow = true;
    if (ufuncName(*this, x) == "power" && !isFloat(typeOf(x)->dtype)) intPow = true;
    if (isElementwise(x)) ast::forEachChild(x, scan);
  };
  scan(e);
  if (intPow) checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), e.loc);
}

void FunctionEmitter::assignToView(Value *dst, const Type *dt, const ast::Expr &value, SourceLoc loc) {
  const Type *vt = typeOf(value);
  std::vector<Value *> dshape;
  for (int k = 0; k < dt->ndim; ++k) dshape.push_back(arrayDim(dst, k));
  auto dstPtr = [&](const std::vector<Value *> &idx) { return stridedPtr(dst, idx); };
  if (vt->isScalar()) { // fill
    Value *v = toDType(expr(value), vt, dt->dtype);
    emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) { storeElement(dstPtr(idx), v, dt->dtype); });
    return;
  }
  Elementwise ew(*this, value);
  ew.collect();
  std::vector<Value *> vshape = ew.computeShape(value.loc.valid() ? value.loc : loc);
  // The value must broadcast to the view's shape (NumPy's setitem rule).
  Value *bad = B.getFalse();
  for (size_t k = 0; k < vshape.size(); ++k) {
    Value *d = dshape[dshape.size() - vshape.size() + k];
    bad = B.CreateOr(bad, B.CreateAnd(B.CreateICmpNE(vshape[k], i64(1)), B.CreateICmpNE(vshape[k], d)));
  }
  raiseIf(bad, loc, [&] {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    Value *src = eb.CreateAlloca(B.getInt64Ty(), i64(static_cast<int64_t>(std::max<size_t>(vshape.size(), 1))));
    Value *dsts = eb.CreateAlloca(B.getInt64Ty(), i64(static_cast<int64_t>(dshape.size())));
    for (size_t k = 0; k < vshape.size(); ++k) B.CreateStore(vshape[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), src, k));
    for (size_t k = 0; k < dshape.size(); ++k) B.CreateStore(dshape[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), dsts, k));
    B.CreateCall(M.runtime("pj_raise_broadcast_into"),
                 {B.getInt32(static_cast<int32_t>(vshape.size())), src, B.getInt32(static_cast<int32_t>(dshape.size())), dsts});
  });
  // Compute into the view's shape: the value's leaves broadcast to it.
  ew.setOutput(dshape);
  // Overlap: if an operand shares memory with the destination (and is not
  // the very same view, read and written at the same element), compute into
  // a temporary first, as NumPy's semantics require.
  Value *overlap = B.getFalse();
  auto [dlo, dhi] = extentOf(*this, dst, dt);
  std::vector<Value *> leafVals = ew.leafValues();
  std::vector<const Type *> leafTys = ew.leafTypes();
  for (size_t i = 0; i < leafVals.size(); ++i) {
    if (!leafTys[i]->isArray()) continue;
    auto [lo, hi] = extentOf(*this, leafVals[i], leafTys[i]);
    Value *same = B.CreateICmpEQ(arrayData(leafVals[i]), arrayData(dst));
    if (leafTys[i]->ndim == dt->ndim)
      for (int k = 0; k < dt->ndim; ++k)
        same = B.CreateAnd(same, B.CreateAnd(B.CreateICmpEQ(arrayDim(leafVals[i], k), dshape[k]),
                                             B.CreateICmpEQ(arrayStride(leafVals[i], k), arrayStride(dst, k))));
    else
      same = B.getFalse();
    Value *hit = B.CreateAnd(B.CreateICmpULT(lo, dhi), B.CreateICmpULT(dlo, hi));
    overlap = B.CreateOr(overlap, B.CreateAnd(hit, B.CreateNot(same)));
  }
  auto compute = [&](const std::function<Value *(const std::vector<Value *> &)> &target) {
    emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) {
      DType d;
      Value *v = ew.element(value, d, nullptr, idx);
      storeElement(target(idx), toDType(v, M.T.scalar(d), dt->dtype), dt->dtype);
    });
  };
  BasicBlock *direct = newBlock("assign.direct"), *viaTmp = newBlock("assign.tmp"), *join = newBlock("assign.join");
  B.CreateCondBr(overlap, viaTmp, direct);
  B.SetInsertPoint(direct);
  compute(dstPtr);
  B.CreateBr(join);
  B.SetInsertPoint(viaTmp);
  Value *tmp = allocArray(dt->dtype, dshape, loc, false);
  compute([&](const std::vector<Value *> &idx) {
    return B.CreateInBoundsGEP(M.memType(dt->dtype), arrayData(tmp), cOrderIndex(dshape, idx));
  });
  emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) {
    Value *v = loadElement(B.CreateInBoundsGEP(M.memType(dt->dtype), arrayData(tmp), cOrderIndex(dshape, idx)), dt->dtype);
    storeElement(dstPtr(idx), v, dt->dtype);
  });
  B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(tmp, {0})});
  B.CreateBr(join);
  B.SetInsertPoint(join);
  checkPowErrors(value);
}

void FunctionEmitter::augAssignArray(Value *dst, const Type *dt, ast::BinOpKind op, const ast::Expr &value,
                                     SourceLoc loc) {
  // a += b is a ufunc with a as input and output: b broadcasts to a's shape,
  // and an operand that overlaps a (a[1:] += a[:-1]) is read from a copy.
  const Type *vt = typeOf(value);
  std::vector<Value *> dshape;
  for (int k = 0; k < dt->ndim; ++k) dshape.push_back(arrayDim(dst, k));
  auto dstPtr = [&](const std::vector<Value *> &idx) { return stridedPtr(dst, idx); };
  DType rd = typed::elementwiseBinOpDType(op, dt->dtype, true, vt->dtype, vt->isArray());
  auto combine = [&](const std::vector<Value *> &idx, Value *v, DType vd) {
    Value *ptr = dstPtr(idx);
    Value *old = loadElement(ptr, dt->dtype);
    Elementwise *none = nullptr;
    (void)none;
    Value *r = elementBinop(op, old, dt->dtype, v, vd, rd);
    storeElement(ptr, toDType(r, M.T.scalar(rd), dt->dtype), dt->dtype);
  };
  if (vt->isScalar()) {
    Value *v = expr(value);
    emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) { combine(idx, v, vt->dtype); });
    checkPowErrors(value);
    if (op == ast::BinOpKind::Pow && !isFloat(rd))
      checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), loc);
    return;
  }
  // Read the operand from a copy when it overlaps the destination.
  Value *src = expr(value);
  if (isElementwise(value)) { // expr() made a new array: it cannot overlap
  } else {
    auto [dlo, dhi] = extentOf(*this, dst, dt);
    auto [lo, hi] = extentOf(*this, src, vt);
    Value *hit = B.CreateAnd(B.CreateICmpULT(lo, dhi), B.CreateICmpULT(dlo, hi));
    Value *same = B.CreateICmpEQ(arrayData(src), arrayData(dst));
    if (vt->ndim == dt->ndim)
      for (int k = 0; k < dt->ndim; ++k)
        same = B.CreateAnd(same, B.CreateAnd(B.CreateICmpEQ(arrayDim(src, k), dshape[k]),
                                             B.CreateICmpEQ(arrayStride(src, k), arrayStride(dst, k))));
    else
      same = B.getFalse();
    BasicBlock *copyBB = newBlock("aug.copy"), *join = newBlock("aug.join"), *pre = B.GetInsertBlock();
    B.CreateCondBr(B.CreateAnd(hit, B.CreateNot(same)), copyBB, join);
    B.SetInsertPoint(copyBB);
    std::vector<Value *> sshape;
    for (int k = 0; k < vt->ndim; ++k) sshape.push_back(arrayDim(src, k));
    Value *copy = allocArray(vt->dtype, sshape, loc, false);
    emitIndexLoops(sshape, [&](const std::vector<Value *> &idx) {
      Value *v = loadElement(stridedPtr(src, idx), vt->dtype);
      storeElement(B.CreateInBoundsGEP(M.memType(vt->dtype), arrayData(copy), cOrderIndex(sshape, idx)), v, vt->dtype);
    });
    BasicBlock *copied = B.GetInsertBlock();
    Value *copyInfo = B.CreateExtractValue(copy, {0});
    B.CreateBr(join);
    B.SetInsertPoint(join);
    PHINode *phi = B.CreatePHI(src->getType(), 2);
    phi->addIncoming(src, pre);
    phi->addIncoming(copy, copied);
    PHINode *owned = B.CreatePHI(B.getPtrTy(), 2); // the copy's block, to release after
    owned->addIncoming(ConstantPointerNull::get(B.getPtrTy()), pre);
    owned->addIncoming(copyInfo, copied);
    src = phi;
    temps.push_back({B.CreateInsertValue(UndefValue::get(M.llvmType(vt)), owned, {0}), vt});
  }
  // The operand's strides for the destination's shape (0 along broadcast axes).
  Value *bad = B.getFalse();
  std::vector<Value *> es(dt->ndim, i64(0));
  for (int j = 0; j < vt->ndim; ++j) {
    Value *d = arrayDim(src, j), *want = dshape[dt->ndim - vt->ndim + j];
    bad = B.CreateOr(bad, B.CreateAnd(B.CreateICmpNE(d, i64(1)), B.CreateICmpNE(d, want)));
    es[dt->ndim - vt->ndim + j] = B.CreateSelect(B.CreateICmpEQ(d, i64(1)), i64(0), arrayStride(src, j));
  }
  raiseIf(bad, loc, [&] {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    Value *s1 = eb.CreateAlloca(B.getInt64Ty(), i64(vt->ndim)), *s2 = eb.CreateAlloca(B.getInt64Ty(), i64(dt->ndim));
    for (int k = 0; k < vt->ndim; ++k) B.CreateStore(arrayDim(src, k), B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), s1, k));
    for (int k = 0; k < dt->ndim; ++k) B.CreateStore(dshape[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), s2, k));
    // NumPy: non-broadcastable output operand ... (we give the input's view of it)
    B.CreateCall(M.runtime("pj_raise_broadcast_into"), {B.getInt32(vt->ndim), s1, B.getInt32(dt->ndim), s2});
  });
  emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) {
    Value *off = i64(0);
    for (int k = 0; k < dt->ndim; ++k) off = B.CreateAdd(off, B.CreateMul(idx[k], es[k]));
    combine(idx, loadElement(B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(src), off), vt->dtype), vt->dtype);
  });
  if (op == ast::BinOpKind::Pow && !isFloat(rd))
    checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), loc);
}

// ---- views ----

// ---- boolean masks ----

bool FunctionEmitter::isMaskIndex(const ast::Subscript &s) const {
  if (isa<ast::Tuple>(s.index.get()) || isa<ast::Slice>(s.index.get())) return false;
  const Type *t = S.typeOf(s.index.get());
  return t && t->isArray() && t->dtype == DType::Bool;
}

namespace {
/// The array and mask of a[mask], their shapes checked (NumPy's IndexError).
struct MaskOperands {
  Value *arr, *mask;
  const Type *at;
  std::vector<Value *> shape;
};
} // namespace

static MaskOperands maskOperands(FunctionEmitter &fe, const ast::Subscript &s) {
  MaskOperands m{fe.expr(*s.value), fe.expr(*s.index), fe.typeOf(*s.value), {}};
  for (int k = 0; k < m.at->ndim; ++k) {
    Value *d = fe.arrayDim(m.arr, k), *md = fe.arrayDim(m.mask, k);
    fe.raiseIf(fe.B.CreateICmpNE(d, md), s.index->loc, [&] {
      fe.B.CreateCall(fe.M.runtime("pj_raise_mask_shape"), {fe.i64(k), d, md});
    });
    m.shape.push_back(d);
  }
  return m;
}

/// Runs body(idx) for each index where the mask is true, in C order.
static void forSelected(FunctionEmitter &fe, const MaskOperands &m,
                        const std::function<void(const std::vector<Value *> &)> &body) {
  fe.emitIndexLoops(m.shape, [&](const std::vector<Value *> &idx) {
    Value *on = fe.loadElement(fe.stridedPtr(m.mask, idx), DType::Bool);
    BasicBlock *yes = fe.newBlock("mask.on"), *next = fe.newBlock("mask.next");
    fe.B.CreateCondBr(on, yes, next);
    fe.B.SetInsertPoint(yes);
    body(idx);
    fe.B.CreateBr(next);
    fe.B.SetInsertPoint(next);
  });
}

/// How many elements of the mask are true.
static Value *countSelected(FunctionEmitter &fe, const MaskOperands &m) {
  IRBuilder<> eb(&fe.F->getEntryBlock(), fe.F->getEntryBlock().begin());
  AllocaInst *count = eb.CreateAlloca(fe.B.getInt64Ty(), nullptr, "mask.count");
  fe.B.CreateStore(fe.i64(0), count);
  fe.emitIndexLoops(m.shape, [&](const std::vector<Value *> &idx) {
    Value *on = fe.B.CreateZExt(fe.loadElement(fe.stridedPtr(m.mask, idx), DType::Bool), fe.B.getInt64Ty());
    fe.B.CreateStore(fe.B.CreateAdd(fe.B.CreateLoad(fe.B.getInt64Ty(), count), on), count);
  });
  return fe.B.CreateLoad(fe.B.getInt64Ty(), count);
}

Value *FunctionEmitter::maskSelect(const ast::Subscript &s) {
  MaskOperands m = maskOperands(*this, s);
  DType d = m.at->dtype;
  Value *n = countSelected(*this, m);
  Value *out = allocArray(d, {n}, s.loc, false);
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *at = eb.CreateAlloca(B.getInt64Ty(), nullptr, "mask.at");
  B.CreateStore(i64(0), at);
  forSelected(*this, m, [&](const std::vector<Value *> &idx) {
    Value *j = B.CreateLoad(B.getInt64Ty(), at);
    storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(out), j), loadElement(stridedPtr(m.arr, idx), d), d);
    B.CreateStore(B.CreateAdd(j, i64(1)), at);
  });
  temps.push_back({out, M.T.array(d, 1)});
  return out;
}

void FunctionEmitter::maskAssign(const ast::Subscript &s, std::optional<ast::BinOpKind> op, const ast::Expr &value,
                                 SourceLoc loc) {
  // The value is evaluated first (into a C-contiguous copy when it is an
  // array, which also settles any overlap with a), then the selected
  // elements are written in C order, as NumPy does.
  const Type *vt = typeOf(value);
  Value *v = expr(value);
  if (vt->isArray()) {
    v = contiguousCopy(v, vt, vt->dtype, value.loc);
    temps.push_back({v, M.T.array(vt->dtype, vt->ndim)});
  }
  MaskOperands m = maskOperands(*this, s);
  DType d = m.at->dtype;
  Value *valuesN = nullptr;
  if (vt->isArray()) {
    Value *n = countSelected(*this, m);
    valuesN = i64(1);
    for (int k = 0; k < vt->ndim; ++k) valuesN = B.CreateMul(valuesN, arrayDim(v, k));
    Value *bad = B.CreateAnd(B.CreateICmpNE(valuesN, n), B.CreateICmpNE(valuesN, i64(1)));
    raiseIf(bad, loc, [&] { B.CreateCall(M.runtime("pj_raise_mask_assign"), {valuesN, n}); });
  }
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *at = eb.CreateAlloca(B.getInt64Ty(), nullptr, "mask.at");
  B.CreateStore(i64(0), at);
  DType rd = op ? typed::elementwiseBinOpDType(*op, d, true, vt->dtype, vt->isArray()) : d;
  forSelected(*this, m, [&](const std::vector<Value *> &idx) {
    Value *x = v;
    if (vt->isArray()) { // one value per selected element, or one for all
      Value *j = B.CreateLoad(B.getInt64Ty(), at);
      Value *k = B.CreateSelect(B.CreateICmpEQ(valuesN, i64(1)), i64(0), j);
      x = loadElement(B.CreateInBoundsGEP(M.memType(vt->dtype), arrayData(v), k), vt->dtype);
      B.CreateStore(B.CreateAdd(j, i64(1)), at);
    }
    Value *ptr = stridedPtr(m.arr, idx);
    if (op) {
      Value *r = elementBinop(*op, loadElement(ptr, d), d, x, vt->dtype, rd);
      storeElement(ptr, toDType(r, M.T.scalar(rd), d), d);
    } else {
      storeElement(ptr, toDType(x, M.T.scalar(vt->dtype), d), d);
    }
  });
  if (op && *op == ast::BinOpKind::Pow && !isFloat(rd))
    checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), loc);
}

// ---- views ----

Value *FunctionEmitter::view(const ast::Subscript &s) {
  const Type *bt = typeOf(*s.value), *rt = typeOf(s);
  Value *base = expr(*s.value);
  std::vector<const ast::Expr *> idx;
  if (auto *tu = dyn_cast<ast::Tuple>(s.index.get()))
    for (auto &e : tu->elts) idx.push_back(e.get());
  else
    idx.push_back(s.index.get());
  // Expand `...` (or nothing) into whole axes.
  int consumed = 0;
  for (auto *i : idx) {
    if (isa<ast::EllipsisLit>(i)) continue;
    const Type *it = isa<ast::Slice>(i) ? nullptr : typeOf(*i);
    if (!it || it->kind != typed::TypeKind::None) ++consumed;
  }
  Value *data = arrayData(base);
  Value *off = i64(0);
  std::vector<Value *> shape, strides;
  int axis = 0;
  auto wholeAxes = [&](int n) {
    for (int j = 0; j < n; ++j, ++axis) {
      shape.push_back(arrayDim(base, axis));
      strides.push_back(arrayStride(base, axis));
    }
  };
  bool sawEllipsis = false;
  for (auto *i : idx) {
    if (isa<ast::EllipsisLit>(i)) {
      sawEllipsis = true;
      wholeAxes(bt->ndim - consumed);
      continue;
    }
    if (auto *sl = dyn_cast<ast::Slice>(i)) {
      Value *n = arrayDim(base, axis), *stride = arrayStride(base, axis);
      auto part = [&](const ast::ExprPtr &p) -> Value * {
        if (!p) return nullptr;
        const Type *pt = typeOf(*p);
        if (pt->kind == typed::TypeKind::None) return nullptr;
        return convert(expr(*p), pt, M.T.i64());
      };
      Value *lo = part(sl->lower), *hi = part(sl->upper), *step = part(sl->step);
      if (!step) step = i64(1);
      raiseIf(B.CreateICmpEQ(step, i64(0)), sl->loc, [&] { raiseMsg(PJ_EXC_VALUE, "slice step cannot be zero"); });
      Value *neg = B.CreateICmpSLT(step, i64(0));
      // Python's slice.indices(n).
      auto clampIndex = [&](Value *v, Value *dflt) -> Value * {
        if (!v) return dflt;
        Value *w = B.CreateSelect(B.CreateICmpSLT(v, i64(0)), B.CreateAdd(v, n), v);
        Value *lower = B.CreateSelect(neg, i64(-1), i64(0));
        Value *upper = B.CreateSelect(neg, B.CreateSub(n, i64(1)), n);
        w = B.CreateSelect(B.CreateICmpSLT(w, lower), lower, w);
        return B.CreateSelect(B.CreateICmpSGT(w, upper), upper, w);
      };
      Value *start = clampIndex(lo, B.CreateSelect(neg, B.CreateSub(n, i64(1)), i64(0)));
      Value *stop = clampIndex(hi, B.CreateSelect(neg, i64(-1), n));
      // len = ceil((stop - start) / step), at least 0
      Value *span = B.CreateSelect(neg, B.CreateSub(start, stop), B.CreateSub(stop, start));
      Value *astep = B.CreateSelect(neg, B.CreateNeg(step), step);
      Value *len = B.CreateSelect(B.CreateICmpSGT(span, i64(0)),
                                  B.CreateSDiv(B.CreateAdd(span, B.CreateSub(astep, i64(1))), astep), i64(0));
      off = B.CreateAdd(off, B.CreateSelect(B.CreateICmpSGT(len, i64(0)), B.CreateMul(start, stride), i64(0)));
      shape.push_back(len);
      strides.push_back(B.CreateMul(stride, step));
      ++axis;
      continue;
    }
    const Type *it = typeOf(*i);
    if (it->kind == typed::TypeKind::None) { // a new axis of length 1
      expr(*i);
      shape.push_back(i64(1));
      strides.push_back(i64(0));
      continue;
    }
    Value *v = convert(expr(*i), it, M.T.i64());
    Value *n = arrayDim(base, axis);
    Value *w = B.CreateSelect(B.CreateICmpSLT(v, i64(0)), B.CreateAdd(v, n), v);
    if (S.boundsCheck)
      raiseIf(B.CreateICmpUGE(w, n), i->loc, [&] { B.CreateCall(M.runtime("pj_raise_index"), {v, i64(axis), n}); });
    off = B.CreateAdd(off, B.CreateMul(w, arrayStride(base, axis)));
    ++axis;
  }
  if (!sawEllipsis) wholeAxes(bt->ndim - axis);
  Value *out = UndefValue::get(M.llvmType(rt));
  out = B.CreateInsertValue(out, B.CreateExtractValue(base, {0}), {0});
  out = B.CreateInsertValue(out, B.CreateInBoundsGEP(B.getInt8Ty(), data, off), {1});
  for (unsigned k = 0; k < shape.size(); ++k) {
    out = B.CreateInsertValue(out, shape[k], {2, k});
    out = B.CreateInsertValue(out, strides[k], {3, k});
  }
  // A view holds a reference to its base's memory: a new reference.
  incref(out, rt);
  temps.push_back({out, rt});
  return out;
}

Value *FunctionEmitter::transposed(Value *arr, const Type *t, const Type *rt) {
  Value *out = UndefValue::get(M.llvmType(rt));
  out = B.CreateInsertValue(out, B.CreateExtractValue(arr, {0}), {0});
  out = B.CreateInsertValue(out, arrayData(arr), {1});
  for (int k = 0; k < t->ndim; ++k) {
    unsigned j = static_cast<unsigned>(t->ndim - 1 - k);
    out = B.CreateInsertValue(out, arrayDim(arr, k), {2, j});
    out = B.CreateInsertValue(out, arrayStride(arr, k), {3, j});
  }
  incref(out, rt);
  temps.push_back({out, rt});
  return out;
}

} // namespace parjit::codegen
