// NumPy's functions and array methods: reductions (in NumPy's order of
// operations, so float sums match NumPy's bits), constructors from other
// arrays, copies, reshapes, np.dot, and the ufuncs applied to scalars.
#include "codegen/Elementwise.h"
#include "typed/Builtins.h"

namespace parjit::codegen {

namespace {

/// The integer constant `e` (for axis=).
std::optional<int64_t> constInt(const ast::Expr *e) {
  if (!e) return std::nullopt;
  if (auto *i = dyn_cast<ast::IntLit>(e)) return static_cast<int64_t>(i->value);
  if (auto *u = dyn_cast<ast::UnaryOp>(e); u && u->op == ast::UnaryOpKind::Neg)
    if (auto v = constInt(u->operand.get())) return -*v;
  return std::nullopt;
}

} // namespace

/// Allocates a C-contiguous array like `shape` (as allocArray) from a value.
static Value *newArray(FunctionEmitter &fe, DType d, const std::vector<Value *> &shape, SourceLoc loc) {
  return fe.allocArray(d, shape, loc, false);
}

Value *FunctionEmitter::contiguousCopy(Value *src, const Type *st, DType d, SourceLoc loc) {
  std::vector<Value *> shape;
  for (int k = 0; k < st->ndim; ++k) shape.push_back(arrayDim(src, k));
  Value *out = newArray(*this, d, shape, loc);
  emitIndexLoops(shape, [&](const std::vector<Value *> &idx) {
    Value *off = i64(0);
    for (size_t k = 0; k < idx.size(); ++k) off = B.CreateAdd(off, B.CreateMul(idx[k], arrayStride(src, k)));
    Value *v = loadElement(B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(src), off), st->dtype);
    storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(out), cOrderIndex(shape, idx)),
                 toDType(v, M.T.scalar(st->dtype), d), d);
  });
  return out;
}

Value *FunctionEmitter::pairwiseSum(Value *data, Value *n, Value *stride, DType d) {
  // NumPy: blocks of 8192 elements, each summed pairwise, added in order to 0
  // (runtime/reduce.cpp; on all cores in a parallel=True function).
  Value *parallel = B.getInt32(S.parallel && !inParallelChunk ? 1 : 0);
  return B.CreateCall(M.runtime(d == DType::F32 ? "pj_sum_f32" : "pj_sum_f64"), {data, n, stride, parallel});
}

Value *FunctionEmitter::reduceExpression(const std::string &name, const ast::Expr &e, SourceLoc loc) {
  const Type *et = typeOf(e);
  DType d = et->dtype;
  Elementwise ew(*this, e);
  ew.collect();
  std::vector<Value *> shape = ew.shape(e.loc);
  Value *n = shapeCount(shape);
  // In a parallel=True function: the expression into a temporary on all
  // threads, then NumPy's blocks summed on all threads.
  bool parallel = S.parallel && !inParallelChunk;
  // When every operand is C-contiguous and of the result's shape (checked at
  // run time), element i is computed where the reduction reads it; else the
  // expression goes into a temporary array first, as NumPy does.
  llvm::Type *rt = M.scalarType(typed::reductionDType(name, d));
  AllocaInst *result;
  {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    result = eb.CreateAlloca(rt, nullptr, "reduce.result");
  }
  BasicBlock *fused = newBlock("reduce.fused"), *viaTmp = newBlock("reduce.tmp"), *join = newBlock("reduce.join");
  B.CreateCondBr(parallel || !ew.staticFlat() ? B.getFalse() : ew.runtimeFlat(), fused, viaTmp);
  B.SetInsertPoint(fused);
  B.CreateStore(reduceElements(name, n, d,
                               [&](Value *i) {
                                 DType vd;
                                 Value *v = ew.element(e, vd, i, {});
                                 return toDType(v, M.T.scalar(vd), d);
                               },
                               nullptr, loc),
                result);
  B.CreateBr(join);
  B.SetInsertPoint(viaTmp);
  {
    Value *tmp = allocArray(d, shape, loc, false);
    auto store = [&e, d](FunctionEmitter &fe, Elementwise &ew, const std::vector<Value *> &outs, const ElementPos &p) {
      DType vd;
      Value *v = ew.element(e, vd, p.flat, p.idx);
      fe.storeElement(fe.elementAddress(outs[0], d, p), fe.toDType(v, fe.M.T.scalar(vd), d), d);
    };
    runElementLoop(ew, {shape, {{tmp, M.T.array(d, et->ndim)}}, store}, e);
    B.CreateStore(reduceArray(name, arrayData(tmp), n, i64(typed::byteSize(d)), d, false, loc), result);
    B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(tmp, {0})});
  }
  B.CreateBr(join);
  B.SetInsertPoint(join);
  checkPowErrors(e);
  return B.CreateLoad(rt, result);
}

Value *FunctionEmitter::bufferedSum(Value *n, DType fd, const std::function<Value *(Value *)> &at) {
  // NumPy's order without NumPy's array: each block of 8192 elements is
  // computed into a buffer on the stack (it stays in cache) and summed
  // pairwise; the block sums are added in order to 0.
  constexpr int64_t kBlock = 8192;
  llvm::Type *ft = M.scalarType(fd);
  AllocaInst *buf, *acc;
  {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    buf = eb.CreateAlloca(ArrayType::get(M.memType(fd), kBlock), nullptr, "sum.block");
    acc = eb.CreateAlloca(ft, nullptr, "sum.acc");
  }
  B.CreateStore(ConstantFP::get(ft, 0.0), acc);
  BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("sum.blocks"), *done = newBlock("sum.done");
  B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
  B.SetInsertPoint(loop);
  PHINode *lo = B.CreatePHI(B.getInt64Ty(), 2);
  lo->addIncoming(i64(0), pre);
  Value *m = B.CreateBinaryIntrinsic(Intrinsic::smin, B.CreateSub(n, lo), i64(kBlock));
  Value *base = B.CreateConstInBoundsGEP2_64(buf->getAllocatedType(), buf, 0, 0);
  emitFlatLoop(m, [&](Value *i) {
    storeElement(B.CreateInBoundsGEP(M.memType(fd), base, i), at(B.CreateAdd(lo, i)), fd);
  });
  Value *blk = B.CreateCall(M.runtime(fd == DType::F32 ? "pj_pairwise_f32" : "pj_pairwise_f64"),
                            {base, m, i64(typed::byteSize(fd))});
  B.CreateStore(B.CreateFAdd(B.CreateLoad(ft, acc), blk), acc);
  Value *next = B.CreateAdd(lo, m);
  lo->addIncoming(next, B.GetInsertBlock());
  B.CreateCondBr(B.CreateICmpSLT(next, n), loop, done);
  B.SetInsertPoint(done);
  return B.CreateLoad(ft, acc);
}

Value *FunctionEmitter::reduceArray(const std::string &name, Value *data, Value *n, Value *stride, DType d,
                                    bool sequential, SourceLoc loc) {
  // n elements `stride` bytes apart. Float sums are NumPy's pairwise blocks,
  // or, along an axis that is not the last, a sum in order (as NumPy does).
  auto elem = [&](Value *i) { return loadElement(B.CreateInBoundsGEP(B.getInt8Ty(), data, B.CreateMul(i, stride)), d); };
  std::function<Value *(DType)> floatSum;
  if (sequential)
    floatSum = [&](DType fd) -> Value * {
      llvm::Type *ft = M.scalarType(fd);
      AllocaInst *acc;
      {
        IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
        acc = eb.CreateAlloca(ft);
      }
      B.CreateStore(ConstantFP::get(ft, 0.0), acc);
      emitFlatLoop(n, [&](Value *i) {
        B.CreateStore(B.CreateFAdd(B.CreateLoad(ft, acc), toDType(elem(i), M.T.scalar(d), fd)), acc);
      });
      return B.CreateLoad(ft, acc);
    };
  else if (isFloat(d))
    floatSum = [&](DType fd) { return pairwiseSum(data, n, stride, fd); };
  return reduceElements(name, n, d, elem, floatSum, loc);
}

/// NumPy's ValueError for min/max/argmin/argmax of no elements.
static std::string emptyReductionMessage(const std::string &name) {
  if (name.rfind("arg", 0) == 0) return "attempt to get " + name + " of an empty sequence";
  return std::string("zero-size array to reduction operation ") + (name == "min" ? "minimum" : "maximum") +
         " which has no identity";
}

Value *FunctionEmitter::reduceElements(const std::string &name, Value *n, DType d,
                                       const std::function<Value *(Value *)> &elem,
                                       std::function<Value *(DType)> floatSum, SourceLoc loc) {
  // A float sum of the elements in NumPy's order, unless the caller has a
  // faster one (pj_sum over memory): computed block by block.
  if (!floatSum)
    floatSum = [&](DType fd) {
      return bufferedSum(n, fd, [&](Value *i) { return toDType(elem(i), M.T.scalar(d), fd); });
    };
  if ((name == "sum" && isFloat(d)) || name == "mean" || name == "var" || name == "std") {
    DType fd = isFloat(d) ? d : DType::F64; // mean of ints accumulates in float64, as NumPy's dtype=f8
    Value *result = floatSum(fd);
    if (name != "sum") {
      Value *nf = B.CreateSIToFP(n, M.scalarType(fd));
      Value *mean = B.CreateFDiv(result, nf);
      result = mean;
      if (name == "var" || name == "std") {
        // NumPy: x = a - mean; x = x * x; sum(x) / n (x never stored here).
        Value *den = nf;
        if (reductionDdof) {
          Value *k = B.CreateSub(n, reductionDdof);
          den = B.CreateSIToFP(B.CreateSelect(B.CreateICmpSLT(k, i64(0)), i64(0), k), M.scalarType(fd));
        }
        Value *v = B.CreateFDiv(bufferedSum(n, fd,
                                            [&](Value *i) {
                                              Value *dv = B.CreateFSub(toDType(elem(i), M.T.scalar(d), fd), mean);
                                              return B.CreateFMul(dv, dv);
                                            }),
                                den);
        result = name == "std" ? B.CreateUnaryIntrinsic(Intrinsic::sqrt, v) : v;
      }
    }
    return result;
  }
  if (name == "min" || name == "max" || name == "argmin" || name == "argmax") {
    bool isMin = name == "min" || name == "argmin";
    raiseIf(B.CreateICmpEQ(n, i64(0)), loc, [&] { raiseMsg(PJ_EXC_VALUE, emptyReductionMessage(name)); });
    // Sequential from the first element: NaN propagates (and is found first).
    llvm::Type *et = M.scalarType(d);
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("minmax"), *done = newBlock("minmax.done");
    Value *first = elem(i64(0));
    B.CreateCondBr(B.CreateICmpSGT(n, i64(1)), loop, done);
    B.SetInsertPoint(loop);
    PHINode *i = B.CreatePHI(B.getInt64Ty(), 2), *best = B.CreatePHI(et, 2), *at = B.CreatePHI(B.getInt64Ty(), 2);
    i->addIncoming(i64(1), pre);
    best->addIncoming(first, pre);
    at->addIncoming(i64(0), pre);
    Value *v = elem(i);
    Value *better;
    if (isFloat(d)) {
      // min/max keep the later of equal values (NumPy's x86 minimum/maximum,
      // which tells -0.0 from 0.0); argmin/argmax the first.
      bool arg = name.rfind("arg", 0) == 0;
      Value *cmp = isMin ? (arg ? B.CreateFCmpOLT(v, best) : B.CreateFCmpOLE(v, best))
                         : (arg ? B.CreateFCmpOGT(v, best) : B.CreateFCmpOGE(v, best));
      // once best is NaN it stays; a NaN element becomes best
      better = B.CreateAnd(B.CreateFCmpORD(best, best), B.CreateOr(cmp, B.CreateFCmpUNO(v, v)));
    } else {
      bool sgn = isSigned(d);
      better = isMin ? (sgn ? B.CreateICmpSLT(v, best) : B.CreateICmpULT(v, best))
                     : (sgn ? B.CreateICmpSGT(v, best) : B.CreateICmpUGT(v, best));
    }
    Value *nb = B.CreateSelect(better, v, best), *na = B.CreateSelect(better, i, at);
    Value *next = B.CreateAdd(i, i64(1));
    i->addIncoming(next, B.GetInsertBlock());
    best->addIncoming(nb, B.GetInsertBlock());
    at->addIncoming(na, B.GetInsertBlock());
    B.CreateCondBr(B.CreateICmpSLT(next, n), loop, done);
    B.SetInsertPoint(done);
    PHINode *rb = B.CreatePHI(et, 2), *ra = B.CreatePHI(B.getInt64Ty(), 2);
    rb->addIncoming(first, pre);
    rb->addIncoming(nb, loop);
    ra->addIncoming(i64(0), pre);
    ra->addIncoming(na, loop);
    return name.rfind("arg", 0) == 0 ? static_cast<Value *>(ra) : static_cast<Value *>(rb);
  }
  // sum of integers, prod, any, all: one pass in order.
  DType rd = typed::reductionDType(name, d);
  llvm::Type *rt = M.scalarType(rd);
  Value *init = name == "prod" ? (isFloat(rd) ? ConstantFP::get(rt, 1.0) : ConstantInt::get(rt, 1))
                : name == "all" ? B.getTrue()
                                : Constant::getNullValue(rt);
  BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("reduce"), *done = newBlock("reduce.done");
  B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
  B.SetInsertPoint(loop);
  PHINode *i = B.CreatePHI(B.getInt64Ty(), 2), *acc = B.CreatePHI(rt, 2);
  i->addIncoming(i64(0), pre);
  acc->addIncoming(init, pre);
  Value *v = elem(i), *next;
  if (name == "any" || name == "all") {
    Value *t = toDType(v, M.T.scalar(d), DType::Bool);
    next = name == "any" ? B.CreateOr(acc, t) : B.CreateAnd(acc, t);
  } else {
    Value *x = toDType(v, M.T.scalar(d), rd);
    next = name == "prod" ? (isFloat(rd) ? B.CreateFMul(acc, x) : B.CreateMul(acc, x))
                          : (isFloat(rd) ? B.CreateFAdd(acc, x) : B.CreateAdd(acc, x));
  }
  Value *ni = B.CreateAdd(i, i64(1));
  i->addIncoming(ni, B.GetInsertBlock());
  acc->addIncoming(next, B.GetInsertBlock());
  B.CreateCondBr(B.CreateICmpSLT(ni, n), loop, done);
  B.SetInsertPoint(done);
  PHINode *res = B.CreatePHI(rt, 2);
  res->addIncoming(init, pre);
  res->addIncoming(next, loop);
  return res;
}

Value *FunctionEmitter::reduceAxis(const std::string &name, Value *arr, const Type *at, int64_t axis, const Type *rt,
                                   SourceLoc loc) {
  // Each output element reduces one line along `axis`: pairwise blocks along
  // the last axis, in order along another, as NumPy's reductions add.
  int nd = at->ndim;
  std::vector<Value *> outShape;
  for (int k = 0; k < nd; ++k)
    if (k != axis) outShape.push_back(arrayDim(arr, k));
  Value *len = arrayDim(arr, static_cast<unsigned>(axis));
  Value *stride = arrayStride(arr, static_cast<unsigned>(axis));
  if (name == "min" || name == "max" || name == "argmin" || name == "argmax") // NumPy: even when the result is empty
    raiseIf(B.CreateICmpEQ(len, i64(0)), loc, [&] { raiseMsg(PJ_EXC_VALUE, emptyReductionMessage(name)); });
  Value *out = allocArray(rt->dtype, outShape, loc, false);
  emitIndexLoops(outShape, [&](const std::vector<Value *> &oidx) {
    Value *off = i64(0);
    size_t j = 0;
    for (int k = 0; k < nd; ++k)
      if (k != axis) off = B.CreateAdd(off, B.CreateMul(oidx[j++], arrayStride(arr, k)));
    Value *line = B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(arr), off);
    Value *r = reduceArray(name, line, len, stride, at->dtype, axis != nd - 1, loc);
    storeElement(B.CreateInBoundsGEP(M.memType(rt->dtype), arrayData(out), cOrderIndex(outShape, oidx)),
                 toDType(r, M.T.scalar(typed::reductionDType(name, at->dtype)), rt->dtype), rt->dtype);
  });
  return out;
}

/// a itself (one more reference) when it is C-contiguous, which a view may
/// be at run time although its type cannot say so; else a C-contiguous copy.
Value *FunctionEmitter::contiguousOrCopy(Value *a, const Type *at, SourceLoc loc) {
  if (at->contiguous) {
    incref(a, at);
    return a;
  }
  // NumPy's rule: strides of the C layout, except on axes of length 1; an
  // empty array is contiguous.
  Value *ok = B.getTrue(), *empty = B.getFalse();
  Value *expect = i64(static_cast<int64_t>(typed::byteSize(at->dtype)));
  for (int k = at->ndim; k-- > 0;) {
    Value *d = arrayDim(a, k);
    Value *st = B.CreateExtractValue(a, {3, static_cast<unsigned>(k)});
    ok = B.CreateAnd(ok, B.CreateOr(B.CreateICmpEQ(d, i64(1)), B.CreateICmpEQ(st, expect)));
    empty = B.CreateOr(empty, B.CreateICmpEQ(d, i64(0)));
    expect = B.CreateMul(expect, d);
  }
  BasicBlock *viewBB = newBlock("contiguous.view"), *copyBB = newBlock("contiguous.copy"),
             *join = newBlock("contiguous.join");
  B.CreateCondBr(B.CreateOr(ok, empty), viewBB, copyBB);
  B.SetInsertPoint(viewBB);
  incref(a, at);
  // The same array, its strides set to the C layout's (they may differ on
  // axes of length 1).
  std::vector<Value *> shape;
  for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(a, k));
  Value *view = cArray(at, B.CreateExtractValue(a, {0}), arrayData(a), shape);
  BasicBlock *viewEnd = B.GetInsertBlock();
  B.CreateBr(join);
  B.SetInsertPoint(copyBB);
  Value *copy = contiguousCopy(a, at, at->dtype, loc);
  BasicBlock *copyEnd = B.GetInsertBlock();
  B.CreateBr(join);
  B.SetInsertPoint(join);
  PHINode *r = B.CreatePHI(a->getType(), 2, "contiguous");
  r->addIncoming(view, viewEnd);
  r->addIncoming(copy, copyEnd);
  return r;
}

/// np.nonzero: count the nonzero elements, then write each one's index
/// along every axis, in C order.
Value *FunctionEmitter::nonzero(Value *arr, const Type *at, const Type *rt, SourceLoc loc) {
  std::vector<Value *> shape;
  for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(arr, k));
  auto on = [&](const std::vector<Value *> &idx) {
    return toDType(loadElement(stridedPtr(arr, idx), at->dtype), M.T.scalar(at->dtype), DType::Bool);
  };
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *count = eb.CreateAlloca(B.getInt64Ty(), nullptr, "nonzero.count");
  B.CreateStore(i64(0), count);
  emitIndexLoops(shape, [&](const std::vector<Value *> &idx) {
    B.CreateStore(B.CreateAdd(B.CreateLoad(B.getInt64Ty(), count), B.CreateZExt(on(idx), B.getInt64Ty())), count);
  });
  Value *n = B.CreateLoad(B.getInt64Ty(), count);
  std::vector<Value *> outs;
  for (int k = 0; k < at->ndim; ++k) outs.push_back(allocArray(DType::I64, {n}, loc, false));
  B.CreateStore(i64(0), count); // now: where the next index goes
  emitIndexLoops(shape, [&](const std::vector<Value *> &idx) {
    BasicBlock *yes = newBlock("nonzero.on"), *next = newBlock("nonzero.next");
    B.CreateCondBr(on(idx), yes, next);
    B.SetInsertPoint(yes);
    Value *j = B.CreateLoad(B.getInt64Ty(), count);
    for (int k = 0; k < at->ndim; ++k)
      storeElement(B.CreateInBoundsGEP(B.getInt64Ty(), arrayData(outs[k]), j), idx[k], DType::I64);
    B.CreateStore(B.CreateAdd(j, i64(1)), count);
    B.CreateBr(next);
    B.SetInsertPoint(next);
  });
  Value *tup = UndefValue::get(M.llvmType(rt));
  for (unsigned k = 0; k < outs.size(); ++k) tup = B.CreateInsertValue(tup, outs[k], {k});
  return tup;
}

Value *FunctionEmitter::callArrayFunction(const ast::Call &c, const std::string &name) {
  const Type *t = typeOf(c);
  bool method = name.rfind("method.", 0) == 0;
  std::string fn = name.substr(name.find('.') + 1);
  if (fn == "copy_to_host" && method && !c.args.empty()) { // d.copy_to_host(ary): into ary, which it returns
    const Type *dt = typeOf(*c.args[0]);
    Value *dst = expr(*c.args[0]);
    assignToView(dst, dt, *cast<ast::Attribute>(c.func.get())->value, c.loc);
    incref(dst, dt);
    return dst;
  }
  if (fn == "copy_to_host") fn = "copy";
  if (fn.rfind("random.", 0) == 0) return callRandom(c, fn.substr(7));
  if (fn == "save" || fn == "load") return callNpy(c, fn);
  std::vector<const ast::Expr *> args;
  if (method) args.push_back(cast<ast::Attribute>(c.func.get())->value.get());
  for (auto &a : c.args) args.push_back(a.get());
  std::map<std::string, const ast::Expr *> kw;
  for (auto &k : c.keywords) kw[k.name] = k.value.get();

  if (fn == "nonzero" || (fn == "where" && !method && args.size() == 1)) {
    const Type *at = typeOf(*args[0]);
    return nonzero(expr(*args[0]), at, t, c.loc);
  }
  // A ufunc of scalars: one element.
  if (!method && findUfunc(fn)) {
    Elementwise ew(*this, c);
    ew.collect();
    DType d;
    Value *v = ew.element(c, d, nullptr, {});
    checkPowErrors(c);
    return toDType(v, M.T.scalar(d), t->dtype);
  }
  // The array operand, as a C-contiguous array (copied when it is not one).
  auto arrayArg = [&](const ast::Expr &e, const Type *&at) -> Value * {
    at = typeOf(e);
    Value *v = expr(e);
    if (!at->contiguous) {
      v = contiguousCopy(v, at, at->dtype, c.loc);
      temps.push_back({v, M.T.array(at->dtype, at->ndim)});
      at = M.T.array(at->dtype, at->ndim);
    }
    return v;
  };

  if (typed::isReduction(fn) || fn == "cumsum") {
    std::string base = fn == "amin" ? "min" : fn == "amax" ? "max" : fn;
    // var/std(ddof=k): the squares summed over n - k (at least 0), as NumPy.
    struct DdofScope {
      FunctionEmitter &fe;
      Value *saved;
      ~DdofScope() { fe.reductionDdof = saved; }
    } ddofScope{*this, reductionDdof};
    if ((base == "var" || base == "std") && kw.count("ddof"))
      reductionDdof = convert(expr(*kw["ddof"]), typeOf(*kw["ddof"]), M.T.i64());
    const ast::Expr *axisE = args.size() == 2 ? args[1] : kw.count("axis") ? kw["axis"] : nullptr;
    std::optional<int64_t> axis = axisE && !isa<ast::NoneLit>(axisE) ? constInt(axisE) : std::nullopt;
    const Type *at;
    // A whole reduction of an element-wise expression, np.sum(a * b): no
    // array, the elements computed as the reduction reads them.
    if (isElementwise(*args[0]) && base != "cumsum" && (!axis || typeOf(*args[0])->ndim == 1))
      return toDType(reduceExpression(base, *args[0], c.loc),
                     M.T.scalar(typed::reductionDType(base, typeOf(*args[0])->dtype)), t->dtype);
    Value *arr = isElementwise(*args[0]) ? materialize(*args[0]) : arrayArg(*args[0], at);
    at = typeOf(*args[0]);
    if (isElementwise(*args[0]) || !at->contiguous) at = M.T.array(at->dtype, at->ndim);
    if (axis && *axis < 0) *axis += at->ndim;
    if (base == "cumsum") {
      DType rd = t->dtype;
      std::vector<Value *> shape;
      for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(arr, k));
      if (!axis) {
        Value *n = shapeCount(shape);
        Value *out = allocArray(rd, {n}, c.loc, false);
        llvm::Type *et = M.scalarType(rd);
        BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("cumsum"), *done = newBlock("cumsum.done");
        B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
        B.SetInsertPoint(loop);
        PHINode *i = B.CreatePHI(B.getInt64Ty(), 2), *acc = B.CreatePHI(et, 2);
        i->addIncoming(i64(0), pre);
        // -0.0 + x is x for every x (0.0 + -0.0 would not be): the first sum is the first element.
        acc->addIncoming(isFloat(rd) ? ConstantFP::getNegativeZero(et) : Constant::getNullValue(et), pre);
        Value *x = toDType(loadElement(B.CreateInBoundsGEP(M.memType(at->dtype), arrayData(arr), i), at->dtype),
                           M.T.scalar(at->dtype), rd);
        Value *s = isFloat(rd) ? B.CreateFAdd(acc, x) : B.CreateAdd(acc, x);
        storeElement(B.CreateInBoundsGEP(M.memType(rd), arrayData(out), i), s, rd);
        Value *ni = B.CreateAdd(i, i64(1));
        i->addIncoming(ni, B.GetInsertBlock());
        acc->addIncoming(s, B.GetInsertBlock());
        B.CreateCondBr(B.CreateICmpSLT(ni, n), loop, done);
        B.SetInsertPoint(done);
        return out;
      }
      // Along an axis: each element adds the previous one along that axis.
      Value *out = allocArray(rd, shape, c.loc, false);
      emitIndexLoops(shape, [&](const std::vector<Value *> &idx) {
        Value *x = toDType(loadElement(B.CreateInBoundsGEP(M.memType(at->dtype), arrayData(arr), cOrderIndex(shape, idx)),
                                       at->dtype),
                           M.T.scalar(at->dtype), rd);
        std::vector<Value *> prev = idx;
        Value *has = B.CreateICmpSGT(idx[*axis], i64(0));
        prev[*axis] = B.CreateSelect(has, B.CreateSub(idx[*axis], i64(1)), i64(0));
        Value *p = loadElement(B.CreateInBoundsGEP(M.memType(rd), arrayData(out), cOrderIndex(shape, prev)), rd);
        Value *s = isFloat(rd) ? B.CreateFAdd(p, x) : B.CreateAdd(p, x);
        storeElement(B.CreateInBoundsGEP(M.memType(rd), arrayData(out), cOrderIndex(shape, idx)), B.CreateSelect(has, s, x), rd);
      });
      return out;
    }
    if (!axis || at->ndim == 1) {
      std::vector<Value *> shape;
      for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(arr, k));
      Value *r = reduceArray(base, arrayData(arr), shapeCount(shape), i64(typed::byteSize(at->dtype)), at->dtype, false, c.loc);
      return toDType(r, M.T.scalar(typed::reductionDType(base, at->dtype)), t->dtype);
    }
    return reduceAxis(base, arr, at, *axis, t, c.loc);
  }

  if (fn == "empty_like" || fn == "zeros_like" || fn == "ones_like" || fn == "full_like") {
    Value *a = expr(*args[0]);
    const Type *at = typeOf(*args[0]);
    std::vector<Value *> shape;
    for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(a, k));
    Value *out = allocArray(t->dtype, shape, c.loc, fn == "zeros_like");
    Value *fill = nullptr;
    if (fn == "ones_like") fill = toDType(B.getInt1(true), M.T.boolTy(), t->dtype);
    if (fn == "full_like") fill = toDType(expr(*args[1]), typeOf(*args[1]), t->dtype);
    if (fill) emitFlatLoop(shapeCount(shape), [&](Value *i) {
      storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), arrayData(out), i), fill, t->dtype);
    });
    return out;
  }
  if (fn == "copy" || fn == "ascontiguousarray" || fn == "flatten" || fn == "ravel" || fn == "astype") {
    const Type *at = typeOf(*args[0]);
    Value *a = expr(*args[0]);
    // ravel and ascontiguousarray of a C-contiguous array are views of it.
    bool viewIfContiguous = (fn == "ascontiguousarray" || fn == "ravel") && t->dtype == at->dtype;
    if (fn == "ascontiguousarray" && viewIfContiguous) return contiguousOrCopy(a, at, c.loc);
    Value *out = viewIfContiguous ? contiguousOrCopy(a, at, c.loc) : contiguousCopy(a, at, t->dtype, c.loc);
    if (fn == "flatten" || fn == "ravel") { // the same memory, one axis
      Value *flat = UndefValue::get(M.llvmType(t));
      flat = B.CreateInsertValue(flat, B.CreateExtractValue(out, {0}), {0});
      flat = B.CreateInsertValue(flat, arrayData(out), {1});
      std::vector<Value *> shape;
      for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(a, k));
      flat = B.CreateInsertValue(flat, shapeCount(shape), {2, 0});
      flat = B.CreateInsertValue(flat, i64(typed::byteSize(t->dtype)), {3, 0});
      return flat;
    }
    return out;
  }
  if (fn == "transpose") return [&] {
    const Type *at = typeOf(*args[0]);
    Value *a = expr(*args[0]);
    if (args.size() > 1) { // the axes permuted as asked: a view
      std::string err;
      std::vector<int> perm = typed::transposeAxes({args.begin() + 1, args.end()}, at->ndim, err);
      Value *out = UndefValue::get(M.llvmType(t));
      out = B.CreateInsertValue(out, B.CreateExtractValue(a, {0}), {0});
      out = B.CreateInsertValue(out, arrayData(a), {1});
      for (unsigned j = 0; j < perm.size(); ++j) {
        out = B.CreateInsertValue(out, arrayDim(a, perm[j]), {2, j});
        out = B.CreateInsertValue(out, arrayStride(a, perm[j]), {3, j});
      }
      incref(out, t);
      return out;
    }
    Value *v = transposed(a, at, t);
    temps.pop_back(); // transposed() made it a temporary; the call's result is one already
    return v;
  }();
  if (fn == "fill") {
    const Type *at = typeOf(*args[0]);
    Value *a = expr(*args[0]);
    Value *v = toDType(expr(*args[1]), typeOf(*args[1]), at->dtype);
    std::vector<Value *> shape;
    for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(a, k));
    emitIndexLoops(shape, [&](const std::vector<Value *> &idx) {
      Value *off = i64(0);
      for (size_t k = 0; k < idx.size(); ++k) off = B.CreateAdd(off, B.CreateMul(idx[k], arrayStride(a, k)));
      storeElement(B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(a), off), v, at->dtype);
    });
    return UndefValue::get(M.llvmType(t));
  }
  if (fn == "reshape") {
    const Type *at = typeOf(*args[0]);
    Value *a = expr(*args[0]);
    std::vector<Value *> dims;
    if (args.size() == 2 && typeOf(*args[1])->isTuple()) {
      const Type *tt = typeOf(*args[1]);
      Value *tv = expr(*args[1]);
      for (unsigned k = 0; k < tt->elts.size(); ++k) dims.push_back(convert(B.CreateExtractValue(tv, {k}), tt->elts[k], M.T.i64()));
    } else {
      for (size_t k = 1; k < args.size(); ++k) dims.push_back(convert(expr(*args[k]), typeOf(*args[k]), M.T.i64()));
    }
    std::vector<Value *> shape;
    for (int k = 0; k < at->ndim; ++k) shape.push_back(arrayDim(a, k));
    Value *n = shapeCount(shape);
    // One dimension may be -1: whatever the others leave.
    Value *known = i64(1), *minus = i64(0);
    for (Value *d : dims) {
      Value *isNeg = B.CreateICmpEQ(d, i64(-1));
      known = B.CreateMul(known, B.CreateSelect(isNeg, i64(1), d));
      minus = B.CreateAdd(minus, B.CreateZExt(isNeg, B.getInt64Ty()));
    }
    Value *fillIn = B.CreateSelect(B.CreateICmpEQ(known, i64(0)), i64(0), B.CreateSDiv(n, B.CreateSelect(B.CreateICmpEQ(known, i64(0)), i64(1), known)));
    std::vector<Value *> asked = dims;
    for (Value *&d : dims) d = B.CreateSelect(B.CreateICmpEQ(d, i64(-1)), fillIn, d);
    Value *bad = B.CreateOr(B.CreateICmpUGT(minus, i64(1)), B.CreateICmpNE(shapeCount(dims), n));
    for (Value *d : dims) bad = B.CreateOr(bad, B.CreateICmpSLT(d, i64(0)));
    raiseIf(bad, c.loc, [&] {
      // NumPy: cannot reshape array of size 6 into shape (4,)
      IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
      Value *s1 = eb.CreateAlloca(B.getInt64Ty(), i64(1));
      Value *s2 = eb.CreateAlloca(B.getInt64Ty(), i64(static_cast<int64_t>(dims.size())));
      B.CreateStore(n, s1);
      for (size_t k = 0; k < dims.size(); ++k) B.CreateStore(asked[k], B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), s2, k));
      B.CreateCall(M.runtime("pj_raise_reshape"), {n, B.getInt32(static_cast<int32_t>(dims.size())), s2});
    });
    // A view of a C-contiguous array (known when compiling or found at run
    // time, as a.T.T or a[:, None] are); a copy otherwise.
    Value *src = contiguousOrCopy(a, at, c.loc);
    return cArray(t, B.CreateExtractValue(src, {0}), arrayData(src), dims);
  }
  if (fn == "linspace") {
    Value *start = toDType(expr(*args[0]), typeOf(*args[0]), DType::F64);
    Value *stop = toDType(expr(*args[1]), typeOf(*args[1]), DType::F64);
    Value *num = args.size() == 3 ? convert(expr(*args[2]), typeOf(*args[2]), M.T.i64())
                 : kw.count("num") ? convert(expr(*kw["num"]), typeOf(*kw["num"]), M.T.i64())
                                   : i64(50);
    bool endpoint = !kw.count("endpoint") || cast<ast::BoolLit>(kw["endpoint"])->value;
    raiseIf(B.CreateICmpSLT(num, i64(0)), c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "Number of samples, -1, must be non-negative."); });
    Value *out = allocArray(t->dtype, {num}, c.loc, false);
    // NumPy: step = (stop - start) / div; y = arange(num) * step + start; y[-1] = stop (endpoint)
    Value *div = endpoint ? B.CreateSub(num, i64(1)) : num;
    Value *delta = B.CreateFSub(stop, start);
    Value *divf = B.CreateSIToFP(div, B.getDoubleTy());
    Value *step = B.CreateFDiv(delta, divf);
    Value *anyStep = B.CreateICmpSGT(div, i64(0));
    emitFlatLoop(num, [&](Value *i) {
      Value *fi = B.CreateSIToFP(i, B.getDoubleTy());
      Value *y = B.CreateSelect(anyStep, B.CreateFAdd(B.CreateFMul(fi, step), start), B.CreateFAdd(B.CreateFMul(fi, delta), start));
      storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), arrayData(out), i), toDType(y, M.T.f64(), t->dtype), t->dtype);
    });
    if (endpoint) {
      BasicBlock *last = newBlock("linspace.last"), *done = newBlock("linspace.done");
      B.CreateCondBr(B.CreateICmpSGT(num, i64(1)), last, done);
      B.SetInsertPoint(last);
      storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), arrayData(out), B.CreateSub(num, i64(1))),
                   toDType(stop, M.T.f64(), t->dtype), t->dtype);
      B.CreateBr(done);
      B.SetInsertPoint(done);
    }
    return out;
  }
  if (fn == "dot") return dot(*args[0], *args[1], t, c.loc);
  if (fn == "array" || fn == "asarray") return arrayFromData(*args[0], t, fn == "array", c.loc);
  if (fn == "concatenate" || fn == "stack" || fn == "vstack" || fn == "hstack") {
    const ast::Expr *axisE = args.size() == 2 ? args[1] : kw.count("axis") ? kw["axis"] : nullptr;
    int64_t axis = axisE ? *constInt(axisE) : 0;
    if (axis < 0) axis += t->ndim;
    const Type *seqT = typeOf(*args[0]);
    int inNd = seqT->elts[0]->ndim;
    bool stack = fn == "stack" || (fn == "vstack" && inNd == 1);
    if (fn == "hstack") axis = inNd == 1 ? 0 : 1;
    return joinArrays(expr(*args[0]), seqT, stack, axis, t, c.loc);
  }
  if (fn == "copyto") {
    const Type *dt = typeOf(*args[0]);
    Value *dst = expr(*args[0]);
    assignToView(dst, dt, *args[1], c.loc);
    return UndefValue::get(M.llvmType(t));
  }
  report_fatal_error(("parjit: internal error: array function " + name + " reached code generation").c_str());
}

Value *FunctionEmitter::arrayFromData(const ast::Expr &data, const Type *t, bool copy, SourceLoc loc) {
  const Type *dt = typeOf(data);
  if ((isa<ast::List>(data) || isa<ast::Tuple>(data)) && dt->isArray()) {
    // A literal: its shape is known here; the elements are stored in C order.
    std::vector<const ast::Expr *> leaves;
    std::vector<Value *> shape;
    std::function<void(const ast::Expr &, size_t)> walk = [&](const ast::Expr &e, size_t depth) {
      const std::vector<ast::ExprPtr> *elts = nullptr;
      if (auto *l = dyn_cast<ast::List>(&e)) elts = &l->elts;
      else if (auto *tu = dyn_cast<ast::Tuple>(&e)) elts = &tu->elts;
      if (!elts || depth == static_cast<size_t>(t->ndim)) { leaves.push_back(&e); return; }
      if (depth == shape.size()) shape.push_back(i64(static_cast<int64_t>(elts->size())));
      for (auto &x : *elts) walk(*x, depth + 1);
    };
    walk(data, 0);
    Value *out = allocArray(t->dtype, shape, loc, false);
    for (size_t i = 0; i < leaves.size(); ++i)
      storeElement(B.CreateConstInBoundsGEP1_64(M.memType(t->dtype), arrayData(out), i),
                   toDType(expr(*leaves[i]), typeOf(*leaves[i]), t->dtype), t->dtype);
    return out;
  }
  Value *v = expr(data);
  if (dt->isArray()) {
    if (!copy && dt->dtype == t->dtype) { // np.asarray of an array of its dtype: the array itself
      incref(v, dt);
      return v;
    }
    return contiguousCopy(v, dt, t->dtype, loc);
  }
  // A tuple value: (x, y) or ((a, b), (c, d)).
  std::vector<Value *> shape{i64(static_cast<int64_t>(dt->elts.size()))};
  if (t->ndim == 2) shape.push_back(i64(static_cast<int64_t>(dt->elts[0]->elts.size())));
  Value *out = allocArray(t->dtype, shape, loc, false);
  size_t at = 0;
  for (unsigned i = 0; i < dt->elts.size(); ++i) {
    Value *e = B.CreateExtractValue(v, {i});
    std::vector<std::pair<Value *, const Type *>> row;
    if (t->ndim == 2)
      for (unsigned j = 0; j < dt->elts[i]->elts.size(); ++j) row.push_back({B.CreateExtractValue(e, {j}), dt->elts[i]->elts[j]});
    else
      row.push_back({e, dt->elts[i]});
    for (auto &[x, xt] : row)
      storeElement(B.CreateConstInBoundsGEP1_64(M.memType(t->dtype), arrayData(out), at++), toDType(x, xt, t->dtype),
                   t->dtype);
  }
  return out;
}

Value *FunctionEmitter::joinArrays(Value *seq, const Type *seqT, bool stack, int64_t axis, const Type *t,
                                   SourceLoc loc) {
  // np.concatenate: shapes agree except along `axis`, whose lengths add up.
  // np.stack: shapes agree; the result has a new axis of length n there.
  int inNd = seqT->elts[0]->ndim;
  unsigned n = static_cast<unsigned>(seqT->elts.size());
  std::vector<Value *> parts;
  for (unsigned i = 0; i < n; ++i) parts.push_back(B.CreateExtractValue(seq, {i}));
  std::vector<Value *> shape0;
  for (int k = 0; k < inNd; ++k) shape0.push_back(arrayDim(parts[0], k));
  Value *along = i64(0);
  for (unsigned i = 0; i < n; ++i) {
    for (int k = 0; k < inNd; ++k) {
      if (!stack && k == axis) continue;
      Value *d = arrayDim(parts[i], k);
      raiseIf(B.CreateICmpNE(d, shape0[k]), loc, [&] {
        if (stack) raiseMsg(PJ_EXC_VALUE, "all input arrays must have the same shape");
        else B.CreateCall(M.runtime("pj_raise_concatenate"), {i64(k), i64(i), shape0[k], d});
      });
    }
    if (!stack) along = B.CreateAdd(along, arrayDim(parts[i], static_cast<unsigned>(axis)));
  }
  std::vector<Value *> outShape = shape0;
  if (stack) outShape.insert(outShape.begin() + axis, i64(n));
  else outShape[axis] = along;
  Value *out = allocArray(t->dtype, outShape, loc, false);
  Value *offset = i64(0);
  for (unsigned i = 0; i < n; ++i) {
    const Type *pt = seqT->elts[i];
    std::vector<Value *> pshape;
    for (int k = 0; k < inNd; ++k) pshape.push_back(arrayDim(parts[i], k));
    emitIndexLoops(pshape, [&](const std::vector<Value *> &idx) {
      std::vector<Value *> oidx = idx;
      if (stack) oidx.insert(oidx.begin() + axis, i64(i));
      else oidx[axis] = B.CreateAdd(idx[axis], offset);
      Value *x = toDType(loadElement(stridedPtr(parts[i], idx), pt->dtype), M.T.scalar(pt->dtype), t->dtype);
      storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), arrayData(out), cOrderIndex(outShape, oidx)), x, t->dtype);
    });
    if (!stack) offset = B.CreateAdd(offset, pshape[axis]);
  }
  return out;
}

Value *FunctionEmitter::dot(const ast::Expr &le, const ast::Expr &re, const Type *t, SourceLoc loc) {
  // 1-d . 1-d: a sum of products (in order); 2-d @ 1-d, 1-d @ 2-d, 2-d @ 2-d:
  // loops in an order that streams rows (i, k, j).
  const Type *lt = typeOf(le), *rt = typeOf(re);
  Value *a = expr(le), *b = expr(re);
  DType d = t->dtype;
  auto at = [&](Value *arr, const Type *ty, std::vector<Value *> idx) {
    Value *off = i64(0);
    for (size_t k = 0; k < idx.size(); ++k) off = B.CreateAdd(off, B.CreateMul(idx[k], arrayStride(arr, k)));
    return toDType(loadElement(B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(arr), off), ty->dtype), M.T.scalar(ty->dtype), d);
  };
  auto mul = [&](Value *x, Value *y) { return isFloat(d) ? B.CreateFMul(x, y) : B.CreateMul(x, y); };
  auto add = [&](Value *x, Value *y) {
    return isFloat(d) ? B.CreateFAdd(x, y) : d == DType::Bool ? B.CreateOr(x, y) : B.CreateAdd(x, y);
  };
  Value *kA = arrayDim(a, lt->ndim - 1);
  Value *kB = arrayDim(b, rt->ndim == 1 ? 0 : 0);
  raiseIf(B.CreateICmpNE(kA, kB), loc, [&] {
    raiseMsg(PJ_EXC_VALUE, "shapes not aligned: the last axis of the first operand must match the first axis of the second");
  });
  if (lt->ndim == 1 && rt->ndim == 1) {
    llvm::Type *et = M.scalarType(d);
    AllocaInst *acc;
    {
      IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
      acc = eb.CreateAlloca(et);
    }
    B.CreateStore(Constant::getNullValue(et), acc);
    emitFlatLoop(kA, [&](Value *i) { B.CreateStore(add(B.CreateLoad(et, acc), mul(at(a, lt, {i}), at(b, rt, {i}))), acc); });
    return B.CreateLoad(et, acc);
  }
  std::vector<Value *> shape;
  if (lt->ndim == 2) shape.push_back(arrayDim(a, 0));
  if (rt->ndim == 2) shape.push_back(arrayDim(b, 1));
  if (lt->ndim == 2 && rt->ndim == 2 && isFloat(d) && lt->dtype == d && rt->dtype == d) {
    // Float matrices: BLAS's gemm, as NumPy does, on C-contiguous operands
    // (a copy of one that is not).
    if (!lt->contiguous) a = contiguousCopy(a, lt, d, loc), temps.push_back({a, M.T.array(d, 2)});
    if (!rt->contiguous) b = contiguousCopy(b, rt, d, loc), temps.push_back({b, M.T.array(d, 2)});
    Value *out = allocArray(d, shape, loc, false);
    Value *m = shape[0], *n = shape[1];
    B.CreateCall(M.runtime(d == DType::F64 ? "pj_gemm_f64" : "pj_gemm_f32"),
                 {m, n, kA, arrayData(a), kA, arrayData(b), n, arrayData(out), n});
    return out;
  }
  Value *out = allocArray(d, shape, loc); // zeroed
  Value *rows = lt->ndim == 2 ? arrayDim(a, 0) : i64(1);
  Value *cols = rt->ndim == 2 ? arrayDim(b, 1) : i64(1);
  emitIndexLoops({rows, kA, cols}, [&](const std::vector<Value *> &ikj) {
    Value *i = ikj[0], *k = ikj[1], *j = ikj[2];
    Value *x = lt->ndim == 2 ? at(a, lt, {i, k}) : at(a, lt, {k});
    Value *y = rt->ndim == 2 ? at(b, rt, {k, j}) : at(b, rt, {k});
    Value *o = rt->ndim == 2 ? (lt->ndim == 2 ? B.CreateAdd(B.CreateMul(i, cols), j) : j) : i;
    Value *p = B.CreateInBoundsGEP(M.memType(d), arrayData(out), o);
    storeElement(p, add(loadElement(p, d), mul(x, y)), d);
  });
  return out;
}

} // namespace parjit::codegen
