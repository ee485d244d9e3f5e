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
                                     const std::function<void(const std::vector<Value *> &)> &body, Value *lo0,
                                     Value *hi0) {
  std::vector<Value *> idx;
  std::function<void(size_t)> level = [&](size_t k) {
    if (k == shape.size()) {
      body(idx);
      return;
    }
    Value *first = k == 0 && lo0 ? lo0 : i64(0), *end = k == 0 && hi0 ? hi0 : shape[k];
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("nd.loop"), *done = newBlock("nd.done");
    B.CreateCondBr(B.CreateICmpSLT(first, end), loop, done);
    B.SetInsertPoint(loop);
    PHINode *i = B.CreatePHI(B.getInt64Ty(), 2, "i" + std::to_string(k));
    i->addIncoming(first, pre);
    idx.push_back(i);
    level(k + 1);
    idx.pop_back();
    Value *next = B.CreateAdd(i, i64(1), "", true, true);
    i->addIncoming(next, B.GetInsertBlock());
    B.CreateCondBr(B.CreateICmpSLT(next, end), loop, done);
    B.SetInsertPoint(done);
  };
  level(0);
}

void FunctionEmitter::emitFlatLoop(Value *n, const std::function<void(Value *)> &body, Value *lo) {
  Value *first = lo ? lo : i64(0);
  BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("flat.loop"), *done = newBlock("flat.done");
  B.CreateCondBr(B.CreateICmpSLT(first, n), loop, done);
  B.SetInsertPoint(loop);
  PHINode *i = B.CreatePHI(B.getInt64Ty(), 2, "i");
  i->addIncoming(first, pre);
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

Value *FunctionEmitter::cOrderIndex(const std::vector<Value *> &shape, const std::vector<Value *> &idx) {
  Value *flat = i64(0);
  for (size_t k = 0; k < idx.size(); ++k) flat = B.CreateAdd(B.CreateMul(flat, shape[k]), idx[k]);
  return flat;
}

Value *FunctionEmitter::elementAddress(Value *arr, DType d, const ElementPos &p) {
  if (p.flat) return B.CreateInBoundsGEP(M.memType(d), arrayData(arr), p.flat);
  if (!p.unit || p.idx.empty()) return stridedPtr(arr, p.idx);
  // Unit stride along the last axis: a typed index there, so that the
  // vectorizer sees consecutive elements.
  std::vector<Value *> outer(p.idx.begin(), p.idx.end() - 1);
  return B.CreateInBoundsGEP(M.memType(d), stridedPtr(arr, outer), p.idx.back());
}

// ---- element-wise loops ----

void FunctionEmitter::emitElementLoopNest(Elementwise &ew, const ElementLoop &loop,
                                          const std::vector<Value *> &outs, Value *lo0, Value *hi0) {
  // Three versions, chosen at run time, fastest first:
  //  - one flat loop, when every operand and output is C-contiguous (by
  //    type) and of the result's shape: the common `c = a * b + d`;
  //  - one loop per axis whose innermost one has unit stride in every
  //    operand and output: slices of C arrays (`u[1:-1, 1:-1] = ...`);
  //  - one loop per axis with any strides (0 along broadcast axes).
  // A chunk of a parallel loop covers the rows [lo0, hi0) of axis 0.
  const std::vector<Value *> &shape = loop.shape;
  auto nest = [&](bool unit) {
    ew.unitInner = unit;
    emitIndexLoops(shape, [&](const std::vector<Value *> &idx) { loop.body(*this, ew, outs, {nullptr, idx, unit}); },
                   lo0, hi0);
    ew.unitInner = false;
  };
  BasicBlock *join = newBlock("ew.join");
  bool staticFlat = ew.staticFlat();
  for (auto &[a, t] : loop.outputs) staticFlat &= t->contiguous && t->ndim == static_cast<int>(shape.size());
  if (staticFlat) {
    BasicBlock *flatBB = newBlock("ew.flat"), *nestBB = newBlock("ew.nested");
    B.CreateCondBr(ew.runtimeFlat(), flatBB, nestBB);
    B.SetInsertPoint(flatBB);
    // Rows [lo0, hi0) of a C-order array are the elements [lo0 * row, hi0 * row).
    Value *row = shapeCount(std::vector<Value *>(shape.begin() + 1, shape.end()));
    Value *first = lo0 ? B.CreateMul(lo0, row) : nullptr;
    Value *end = hi0 ? B.CreateMul(hi0, row) : shapeCount(shape);
    emitFlatLoop(end, [&](Value *i) { loop.body(*this, ew, outs, {i, {}, false}); }, first);
    B.CreateBr(join);
    B.SetInsertPoint(nestBB);
  }
  Value *unit = ew.runtimeUnitInner();
  for (size_t k = 0; k < outs.size(); ++k)
    unit = B.CreateAnd(unit, B.CreateICmpEQ(arrayStride(outs[k], static_cast<unsigned>(shape.size() - 1)),
                                            i64(typed::byteSize(loop.outputs[k].second->dtype))));
  BasicBlock *unitBB = newBlock("ew.unit"), *anyBB = newBlock("ew.strided");
  B.CreateCondBr(unit, unitBB, anyBB);
  B.SetInsertPoint(unitBB);
  nest(true);
  B.CreateBr(join);
  B.SetInsertPoint(anyBB);
  nest(false);
  B.CreateBr(join);
  B.SetInsertPoint(join);
}

namespace {
/// Elements per chunk of a parallel element-wise loop: enough that a chunk
/// outweighs its scheduling, few enough that two cores share the work.
constexpr int64_t kParallelGrain = 1 << 15;
constexpr int64_t kParallelMaxChunks = 256;
} // namespace

bool FunctionEmitter::hasIntPow(const ast::Expr &e) {
  bool intPow = false;
  std::function<void(const ast::Expr &)> scan = [&](const ast::Expr &x) {
    if (auto *b = dyn_cast<ast::BinOp>(&x); b && b->op == ast::BinOpKind::Pow && isElementwise(x) && !isFloat(typeOf(x)->dtype))
      intPow = true;
    if (ufuncName(*this, x) == "power" && !isFloat(typeOf(x)->dtype)) intPow = true;
    if (isElementwise(x)) ast::forEachChild(x, scan);
  };
  scan(e);
  return intPow;
}

void FunctionEmitter::runElementLoop(Elementwise &ew, const ElementLoop &loop, const ast::Expr &value) {
  std::vector<Value *> outs;
  for (auto &[a, t] : loop.outputs) outs.push_back(a);
  // In a parallel=True function, chunks of rows run on all cores. Integer
  // ** reports errors through the calling thread's state: it stays serial.
  if (!S.parallel || inParallelChunk || hasIntPow(value)) {
    emitElementLoopNest(ew, loop, outs, nullptr, nullptr);
    checkPowErrors(value);
    return;
  }
  // The environment: the shape, the outputs, the operands' values.
  std::vector<Value *> leafVals = ew.leafValues();
  std::vector<Value *> fieldsV = loop.shape;
  fieldsV.insert(fieldsV.end(), outs.begin(), outs.end());
  fieldsV.insert(fieldsV.end(), leafVals.begin(), leafVals.end());
  std::vector<llvm::Type *> fields;
  for (Value *v : fieldsV) fields.push_back(v->getType());
  StructType *envTy = StructType::get(M.ctx, fields);
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *env = eb.CreateAlloca(envTy, nullptr, "ew.env");
  for (unsigned k = 0; k < fieldsV.size(); ++k) B.CreateStore(fieldsV[k], B.CreateStructGEP(envTy, env, k));

  auto *ptrTy = PointerType::getUnqual(M.ctx);
  auto *fty = FunctionType::get(B.getInt32Ty(), {ptrTy, B.getInt64Ty(), B.getInt64Ty()}, false);
  Function *fn = Function::Create(fty, GlobalValue::InternalLinkage,
                                  F->getName() + ".elementwise.line" + std::to_string(value.loc.line), M.mod);
  fn->setDoesNotThrow();
  fn->addParamAttr(0, Attribute::NoAlias);
  fn->addParamAttr(0, Attribute::ReadOnly);
  {
    FunctionEmitter sub(M, S, fn);
    sub.hostSynced = hostSynced; // an outlined part of a loop the caller synced for the host
    sub.inParallelChunk = true;
    sub.setUpFrame();
    if (DISubprogram *sp = fn->getSubprogram())
      sub.B.SetCurrentDebugLocation(DILocation::get(M.ctx, value.loc.line, value.loc.col, sp));
    Value *senv = fn->getArg(0), *lo = fn->getArg(1), *hi = fn->getArg(2);
    std::vector<Value *> got;
    for (unsigned k = 0; k < fieldsV.size(); ++k)
      got.push_back(sub.B.CreateLoad(fields[k], sub.B.CreateStructGEP(envTy, senv, k)));
    size_t nd = loop.shape.size();
    ElementLoop there = loop;
    there.shape.assign(got.begin(), got.begin() + nd);
    for (size_t k = 0; k < outs.size(); ++k) there.outputs[k].first = got[nd + k];
    std::vector<Value *> subOuts(got.begin() + nd, got.begin() + nd + outs.size());
    std::vector<Value *> subLeaves(got.begin() + nd + outs.size(), got.end());
    Elementwise subEw(sub, ew.rootExpr());
    subEw.bind(subLeaves);
    subEw.setOutput(there.shape);
    sub.emitElementLoopNest(subEw, there, subOuts, lo, hi);
    sub.B.CreateRet(sub.B.getInt32(0));
  }
  // Chunks of whole rows: at least kParallelGrain elements each.
  Value *rows = loop.shape[0];
  Value *row = B.CreateBinaryIntrinsic(Intrinsic::smax,
                                       shapeCount(std::vector<Value *>(loop.shape.begin() + 1, loop.shape.end())), i64(1));
  Value *byGrain = B.CreateAdd(B.CreateSDiv(i64(kParallelGrain - 1), row), i64(1));
  Value *byCount = B.CreateSDiv(B.CreateAdd(rows, i64(kParallelMaxChunks - 1)), i64(kParallelMaxChunks));
  Value *chunk = B.CreateBinaryIntrinsic(Intrinsic::smax, byGrain, byCount, nullptr, "ew.chunk");
  Value *status = B.CreateCall(M.runtime("pj_parallel_for"), {env, fn, rows, chunk});
  // The body raises nothing; the runtime may (a threading layer that will not load).
  checkFailedAt(B.CreateICmpNE(status, B.getInt32(0)), B.getInt32(static_cast<int32_t>(value.loc.line)));
}

// ---- element-wise expressions ----

Value *FunctionEmitter::materialize(const ast::Expr &e) {
  const Type *t = typeOf(e);
  Elementwise ew(*this, e);
  ew.collect();
  std::vector<Value *> shape = ew.shape(e.loc);
  Value *outArr = allocArray(t->dtype, shape, e.loc, false);
  ElementLoop loop{shape, {{outArr, M.T.array(t->dtype, t->ndim)}},
                   [&e, t](FunctionEmitter &fe, Elementwise &ew, const std::vector<Value *> &outs, const ElementPos &p) {
                     DType d;
                     Value *v = ew.element(e, d, p.flat, p.idx);
                     fe.storeElement(fe.elementAddress(outs[0], t->dtype, p), fe.toDType(v, fe.M.T.scalar(d), t->dtype),
                                     t->dtype);
                   }};
  runElementLoop(ew, loop, e);
  temps.push_back({outArr, t}); // a new array: a temporary of the statement
  return outArr;
}

void FunctionEmitter::checkPowErrors(const ast::Expr &e) {
  // Integer ** raises (negative exponents) through pj_pow_i64: look once after the loop.
  if (hasIntPow(e)) checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), e.loc);
}

/// Does an operand of `ew` share memory with `dst` other than as the very
/// same view (read and written at the same element, which is safe)?
static Value *overlapsDestination(FunctionEmitter &fe, Elementwise &ew, Value *dst, const Type *dt) {
  IRBuilder<> &B = fe.B;
  Value *overlap = B.getFalse();
  auto [dlo, dhi] = extentOf(fe, dst, dt);
  std::vector<Value *> leafVals = ew.leafValues();
  std::vector<const Type *> leafTys = ew.leafTypes();
  for (size_t i = 0; i < leafVals.size(); ++i) {
    if (!leafTys[i]->isArray()) continue;
    auto [lo, hi] = extentOf(fe, leafVals[i], leafTys[i]);
    Value *same = B.CreateICmpEQ(fe.arrayData(leafVals[i]), fe.arrayData(dst));
    if (leafTys[i]->ndim == dt->ndim)
      for (int k = 0; k < dt->ndim; ++k)
        same = B.CreateAnd(same, B.CreateAnd(B.CreateICmpEQ(fe.arrayDim(leafVals[i], k), fe.arrayDim(dst, k)),
                                             B.CreateICmpEQ(fe.arrayStride(leafVals[i], k), fe.arrayStride(dst, k))));
    else
      same = B.getFalse();
    Value *hit = B.CreateAnd(B.CreateICmpULT(lo, dhi), B.CreateICmpULT(dlo, hi));
    overlap = B.CreateOr(overlap, B.CreateAnd(hit, B.CreateNot(same)));
  }
  return overlap;
}

/// NumPy's ValueError for a value that does not broadcast into a view.
static void checkBroadcastsInto(FunctionEmitter &fe, const std::vector<Value *> &vshape,
                                const std::vector<Value *> &dshape, SourceLoc loc) {
  IRBuilder<> &B = fe.B;
  Value *bad = B.getFalse();
  for (size_t k = 0; k < vshape.size(); ++k) {
    Value *d = dshape[dshape.size() - vshape.size() + k];
    bad = B.CreateOr(bad, B.CreateAnd(B.CreateICmpNE(vshape[k], fe.i64(1)), B.CreateICmpNE(vshape[k], d)));
  }
  fe.raiseIf(bad, loc, [&] {
    IRBuilder<> eb(&fe.F->getEntryBlock(), fe.F->getEntryBlock().begin());
    Value *src = eb.CreateAlloca(B.getInt64Ty(), fe.i64(static_cast<int64_t>(std::max<size_t>(vshape.size(), 1))));
    Value *dsts = eb.CreateAlloca(B.getInt64Ty(), fe.i64(static_cast<int64_t>(dshape.size())));
    for (size_t k = 0; k < vshape.size(); ++k) B.CreateStore(vshape[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), src, k));
    for (size_t k = 0; k < dshape.size(); ++k) B.CreateStore(dshape[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), dsts, k));
    B.CreateCall(fe.M.runtime("pj_raise_broadcast_into"), {B.getInt32(static_cast<int32_t>(vshape.size())), src,
                                                            B.getInt32(static_cast<int32_t>(dshape.size())), dsts});
  });
}

void FunctionEmitter::assignToView(Value *dst, const Type *dt, const ast::Expr &value, SourceLoc loc) {
  std::vector<Value *> dshape;
  for (int k = 0; k < dt->ndim; ++k) dshape.push_back(arrayDim(dst, k));
  // A scalar fills the view; an array expression broadcasts into it.
  Elementwise ew(*this, value);
  ew.collect();
  if (typeOf(value)->isArray())
    checkBroadcastsInto(*this, ew.computeShape(value.loc.valid() ? value.loc : loc), dshape, loc);
  ew.setOutput(dshape);
  auto store = [&value, dt](FunctionEmitter &fe, Elementwise &ew, const std::vector<Value *> &outs, const ElementPos &p) {
    DType d;
    Value *v = ew.element(value, d, p.flat, p.idx);
    fe.storeElement(fe.elementAddress(outs[0], dt->dtype, p), fe.toDType(v, fe.M.T.scalar(d), dt->dtype), dt->dtype);
  };
  // An operand that overlaps the view (a[1:] = a[:-1]): compute into a
  // temporary first, as NumPy's semantics require.
  BasicBlock *direct = newBlock("assign.direct"), *viaTmp = newBlock("assign.tmp"), *join = newBlock("assign.join");
  B.CreateCondBr(overlapsDestination(*this, ew, dst, dt), viaTmp, direct);
  B.SetInsertPoint(direct);
  runElementLoop(ew, {dshape, {{dst, dt}}, store}, value);
  B.CreateBr(join);
  B.SetInsertPoint(viaTmp);
  const Type *tmpT = M.T.array(dt->dtype, dt->ndim);
  Value *tmp = allocArray(dt->dtype, dshape, loc, false);
  runElementLoop(ew, {dshape, {{tmp, tmpT}}, store}, value);
  emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) {
    storeElement(stridedPtr(dst, idx), loadElement(stridedPtr(tmp, idx), dt->dtype), dt->dtype);
  });
  B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(tmp, {0})});
  B.CreateBr(join);
  B.SetInsertPoint(join);
}

void FunctionEmitter::augAssignArray(Value *dst, const Type *dt, ast::BinOpKind op, const ast::Expr &value,
                                     SourceLoc loc) {
  // a op= value is a ufunc with a as input and output, fused with the
  // value's expression: its operands broadcast to a's shape. An operand
  // that overlaps a other than as a itself (a[1:] += a[:-1]) makes the
  // value computed into a temporary first, as NumPy reads a copy.
  std::vector<Value *> dshape;
  for (int k = 0; k < dt->ndim; ++k) dshape.push_back(arrayDim(dst, k));
  const Type *vt = typeOf(value);
  DType rd = typed::elementwiseBinOpDType(op, dt->dtype, true, vt->dtype, vt->isArray());
  if (auto k = S.scalarOperandDTypes.find(&value); k != S.scalarOperandDTypes.end()) // a += 1000 on int8: in int16
    rd = typed::elementwiseBinOpDType(op, dt->dtype, true, k->second, true);
  Elementwise ew(*this, value);
  ew.collect();
  if (vt->isArray()) checkBroadcastsInto(*this, ew.computeShape(value.loc.valid() ? value.loc : loc), dshape, loc);
  ew.setOutput(dshape);
  auto combine = [&value, dt, op, rd](FunctionEmitter &fe, Elementwise &ew, const std::vector<Value *> &outs,
                                      const ElementPos &p) {
    DType vd;
    Value *v = ew.element(value, vd, p.flat, p.idx);
    Value *ptr = fe.elementAddress(outs[0], dt->dtype, p);
    Value *r = fe.elementBinop(op, fe.loadElement(ptr, dt->dtype), dt->dtype, v, vd, rd);
    fe.storeElement(ptr, fe.toDType(r, fe.M.T.scalar(rd), dt->dtype), dt->dtype);
  };
  // The expression the loop computes: `a op value`, for the parallel and
  // pow-error decisions (an integer ** in either part).
  bool intPow = op == ast::BinOpKind::Pow && !isFloat(rd);
  BasicBlock *direct = newBlock("aug.direct"), *viaTmp = newBlock("aug.tmp"), *join = newBlock("aug.join");
  B.CreateCondBr(overlapsDestination(*this, ew, dst, dt), viaTmp, direct);
  B.SetInsertPoint(direct);
  if (intPow) { // serial: pj_pow_i64 reports errors on this thread
    std::vector<Value *> outs{dst};
    emitElementLoopNest(ew, {dshape, {{dst, dt}}, combine}, outs, nullptr, nullptr);
  } else {
    runElementLoop(ew, {dshape, {{dst, dt}}, combine}, value);
  }
  B.CreateBr(join);
  B.SetInsertPoint(viaTmp);
  {
    // The value, broadcast to a's shape, into a temporary; then a op= it.
    Value *tmp = allocArray(vt->isArray() ? vt->dtype : dt->dtype, dshape, loc, false);
    DType td = vt->isArray() ? vt->dtype : dt->dtype;
    auto store = [&value, td](FunctionEmitter &fe, Elementwise &ew, const std::vector<Value *> &outs, const ElementPos &p) {
      DType d;
      Value *v = ew.element(value, d, p.flat, p.idx);
      fe.storeElement(fe.elementAddress(outs[0], td, p), fe.toDType(v, fe.M.T.scalar(d), td), td);
    };
    std::vector<Value *> outs{tmp};
    emitElementLoopNest(ew, {dshape, {{tmp, M.T.array(td, dt->ndim)}}, store}, outs, nullptr, nullptr);
    emitIndexLoops(dshape, [&](const std::vector<Value *> &idx) {
      Value *v = loadElement(stridedPtr(tmp, idx), td);
      Value *ptr = stridedPtr(dst, idx);
      Value *r = elementBinop(op, loadElement(ptr, dt->dtype), dt->dtype, v, td, rd);
      storeElement(ptr, toDType(r, M.T.scalar(rd), dt->dtype), dt->dtype);
    });
    B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(tmp, {0})});
  }
  B.CreateBr(join);
  B.SetInsertPoint(join);
  if (intPow) checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), loc);
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
  for (int k = 0; k < fe.typeOf(*s.index)->ndim; ++k) { // the mask's axes: the first ones
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
  // The axes the mask does not cover are kept: each selected position
  // contributes the sub-array under it (one element when it covers all).
  std::vector<Value *> rest, outShape{n};
  for (int k = static_cast<int>(m.shape.size()); k < m.at->ndim; ++k) rest.push_back(arrayDim(m.arr, k));
  outShape.insert(outShape.end(), rest.begin(), rest.end());
  Value *block = shapeCount(rest);
  Value *out = allocArray(d, outShape, s.loc, false);
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *at = eb.CreateAlloca(B.getInt64Ty(), nullptr, "mask.at");
  B.CreateStore(i64(0), at);
  forSelected(*this, m, [&](const std::vector<Value *> &idx) {
    Value *j = B.CreateLoad(B.getInt64Ty(), at);
    if (rest.empty()) {
      storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(out), j), loadElement(stridedPtr(m.arr, idx), d), d);
    } else {
      emitIndexLoops(rest, [&](const std::vector<Value *> &ridx) {
        std::vector<Value *> full = idx;
        full.insert(full.end(), ridx.begin(), ridx.end());
        Value *o = B.CreateAdd(B.CreateMul(j, block), cOrderIndex(rest, ridx));
        storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(out), o), loadElement(stridedPtr(m.arr, full), d), d);
      });
    }
    B.CreateStore(B.CreateAdd(j, i64(1)), at);
  });
  temps.push_back({out, M.T.array(d, static_cast<int>(outShape.size()))});
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
  if (auto k = S.scalarOperandDTypes.find(&value); op && k != S.scalarOperandDTypes.end())
    rd = typed::elementwiseBinOpDType(*op, d, true, k->second, true);
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
