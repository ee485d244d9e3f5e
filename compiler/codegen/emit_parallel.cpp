// A parallel prange loop: its body is outlined into
// `i32 body(ptr env, i64 lo, i64 hi)`, which runs the iterations [lo, hi) of
// one chunk, and the loop becomes a call to pj_parallel_for (abi.h). The
// chunk size depends only on the trip count and the loop's grain, so scalar
// reductions, combined chunk by chunk in chunk order, give the same bits
// whatever the number of threads.
#include "codegen/FunctionEmitter.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/Casting.h"
#include <limits>

using namespace llvm;

namespace parjit::codegen {

namespace {
/// At most this many chunks: the partial sums of a reduction live in a
/// fixed stack buffer of this length.
constexpr int64_t kMaxChunks = 1024;

/// The fields of the environment a chunk reads, in order.
enum EnvField : unsigned { kStart, kStep, kChunk, kFirstCapture };
} // namespace

Value *FunctionEmitter::reduceIdentity(parallel::ReduceOp op, const Type *t) {
  using parallel::ReduceOp;
  llvm::Type *lt = M.llvmType(t);
  bool fp = isFloat(t->dtype), sgn = isSigned(t->dtype);
  unsigned bits = lt->isIntegerTy() ? lt->getIntegerBitWidth() : 0;
  switch (op) {
  case ReduceOp::Add: case ReduceOp::BitOr: case ReduceOp::BitXor: return Constant::getNullValue(lt);
  case ReduceOp::Mul: return fp ? ConstantFP::get(lt, 1.0) : ConstantInt::get(lt, 1);
  case ReduceOp::BitAnd: return Constant::getAllOnesValue(lt);
  case ReduceOp::Min:
    if (fp) return ConstantFP::getInfinity(lt, false);
    return ConstantInt::get(lt, sgn ? APInt::getSignedMaxValue(bits) : APInt::getMaxValue(bits));
  case ReduceOp::Max:
    if (fp) return ConstantFP::getInfinity(lt, true);
    return ConstantInt::get(lt, sgn ? APInt::getSignedMinValue(bits) : APInt::getMinValue(bits));
  }
  return nullptr;
}

Value *FunctionEmitter::reduceCombine(parallel::ReduceOp op, const Type *t, Value *acc, Value *v) {
  using parallel::ReduceOp;
  bool fp = isFloat(t->dtype), sgn = isSigned(t->dtype);
  switch (op) {
  case ReduceOp::Add: return fp ? B.CreateFAdd(acc, v) : B.CreateAdd(acc, v);
  case ReduceOp::Mul: return fp ? B.CreateFMul(acc, v) : B.CreateMul(acc, v);
  case ReduceOp::BitOr: return B.CreateOr(acc, v);
  case ReduceOp::BitAnd: return B.CreateAnd(acc, v);
  case ReduceOp::BitXor: return B.CreateXor(acc, v);
  case ReduceOp::Min: case ReduceOp::Max: {
    // Python's min(acc, v): acc unless v is strictly smaller (larger for max).
    bool isMin = op == ReduceOp::Min;
    Value *better = fp ? (isMin ? B.CreateFCmpOLT(v, acc) : B.CreateFCmpOGT(v, acc))
                       : (isMin ? (sgn ? B.CreateICmpSLT(v, acc) : B.CreateICmpULT(v, acc))
                                : (sgn ? B.CreateICmpSGT(v, acc) : B.CreateICmpUGT(v, acc)));
    return B.CreateSelect(better, v, acc);
  }
  }
  return acc;
}

void FunctionEmitter::rangeTrips(const ast::Call &call, Value *&start, Value *&step, Value *&n) {
  std::vector<Value *> args;
  for (auto &a : call.args) args.push_back(convert(expr(*a), typeOf(*a), M.T.i64()));
  releaseTemps();
  start = args.size() >= 2 ? args[0] : i64(0);
  Value *stop = args.size() >= 2 ? args[1] : args[0];
  step = args.size() == 3 ? args[2] : i64(1);
  if (!isa<ConstantInt>(step))
    raiseIf(B.CreateICmpEQ(step, i64(0)), call.loc, [&] { raiseMsg(PJ_EXC_VALUE, "range() arg 3 must not be zero"); });
  // n = len(range(start, stop, step))
  Value *up = B.CreateICmpSGT(step, i64(0));
  Value *span = B.CreateSelect(up, B.CreateSub(stop, start), B.CreateSub(start, stop));
  Value *absStep = B.CreateSelect(up, step, B.CreateNeg(step));
  n = B.CreateSelect(B.CreateICmpSGT(span, i64(0)), B.CreateSDiv(B.CreateAdd(span, B.CreateSub(absStep, i64(1))), absStep),
                     i64(0), "trips");
}

void FunctionEmitter::emitParallelFor(const ast::For &f, const parallel::LoopPlan &plan) {
  auto &call = cast<ast::Call>(*f.iter);
  Value *start, *step, *n;
  rangeTrips(call, start, step, n);
  std::optional<int64_t> constStep;
  if (auto *ci = dyn_cast<ConstantInt>(step)) constStep = ci->getSExtValue();
  // Chunks: at least a grain, at most kMaxChunks of them; a function of n only.
  Value *byCount = B.CreateSDiv(B.CreateAdd(n, i64(kMaxChunks - 1)), i64(kMaxChunks));
  Value *chunk = B.CreateBinaryIntrinsic(Intrinsic::smax, byCount, i64(plan.grain));
  // An array the loop writes that overlaps another array it uses (f(u, u)):
  // the names differ, the memory does not; run the loop as one chunk.
  auto extent = [&](const std::string &name) -> std::pair<Value *, Value *> {
    // [lowest byte, one past the highest byte] the array's elements cover.
    const Type *t = S.locals.at(name);
    Value *arr = B.CreateLoad(M.llvmType(t), local(name));
    Value *lo = B.CreatePtrToInt(arrayData(arr), B.getInt64Ty()), *hi = B.CreateAdd(lo, i64(typed::byteSize(t->dtype)));
    Value *empty = B.getFalse();
    for (int k = 0; k < t->ndim; ++k) {
      Value *dim = arrayDim(arr, k);
      empty = B.CreateOr(empty, B.CreateICmpSLE(dim, i64(0)));
      Value *span = B.CreateMul(B.CreateSub(dim, i64(1)), arrayStride(arr, k));
      lo = B.CreateAdd(lo, B.CreateBinaryIntrinsic(Intrinsic::smin, span, i64(0)));
      hi = B.CreateAdd(hi, B.CreateBinaryIntrinsic(Intrinsic::smax, span, i64(0)));
    }
    return {lo, B.CreateSelect(empty, lo, hi)};
  };
  Value *overlap = B.getFalse();
  for (const std::string &w : plan.writtenArrays) {
    auto [wlo, whi] = extent(w);
    for (const std::string &other : plan.captured) {
      const Type *t = S.locals.at(other);
      if (other == w || !t->isArray()) continue;
      auto [olo, ohi] = extent(other);
      overlap = B.CreateOr(overlap, B.CreateAnd(B.CreateICmpULT(wlo, ohi), B.CreateICmpULT(olo, whi)));
    }
  }
  chunk = B.CreateSelect(overlap, B.CreateBinaryIntrinsic(Intrinsic::smax, n, i64(1)), chunk, "chunk");
  Value *nchunks = B.CreateSelect(B.CreateICmpSGT(n, i64(0)), B.CreateAdd(B.CreateSDiv(B.CreateSub(n, i64(1)), chunk), i64(1)),
                                  i64(0), "nchunks");

  // The environment: range start and step, the chunk size, the captured
  // locals by value, then a pointer per reduction (partials) and per array
  // reduction (the private copies).
  auto *ptrTy = PointerType::getUnqual(M.ctx);
  std::vector<llvm::Type *> fields{B.getInt64Ty(), B.getInt64Ty(), B.getInt64Ty()};
  for (const std::string &name : plan.captured) fields.push_back(M.llvmType(S.locals.at(name)));
  for (size_t k = 0; k < plan.reductions.size() + plan.arrayReductions.size(); ++k) fields.push_back(ptrTy);
  StructType *envTy = StructType::get(M.ctx, fields);
  IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *env = eb.CreateAlloca(envTy, nullptr, "prange.env");
  auto field = [&](unsigned k) { return B.CreateStructGEP(envTy, env, k); };
  B.CreateStore(start, field(kStart));
  B.CreateStore(step, field(kStep));
  B.CreateStore(chunk, field(kChunk));
  unsigned k = kFirstCapture;
  for (const std::string &name : plan.captured)
    B.CreateStore(B.CreateLoad(M.llvmType(S.locals.at(name)), local(name)), field(k++));
  std::vector<AllocaInst *> partials;
  for (const parallel::Reduction &r : plan.reductions) {
    AllocaInst *buf = eb.CreateAlloca(ArrayType::get(M.llvmType(S.locals.at(r.var)), kMaxChunks), nullptr,
                                      r.var + ".partials");
    partials.push_back(buf);
    B.CreateStore(buf, field(k++));
  }
  // Array reductions: one zeroed copy per thread, filled with the identity.
  DebugLoc loopLoc = B.getCurrentDebugLocation();
  if (DISubprogram *sp = F->getSubprogram()) B.SetCurrentDebugLocation(DILocation::get(M.ctx, 0, 0, sp));
  Value *threads = nullptr;
  std::vector<std::pair<Value *, Value *>> copies; // (base, elements per copy)
  std::vector<Value *> blocks;                     // their meminfos
  for (const parallel::Reduction &r : plan.arrayReductions) {
    const Type *t = S.locals.at(r.var);
    if (!threads) threads = B.CreateCall(M.runtime("pj_num_threads"), {}, "threads");
    Value *arr = B.CreateLoad(M.llvmType(t), local(r.var));
    Value *count = i64(1);
    for (int d = 0; d < t->ndim; ++d) count = B.CreateMul(count, arrayDim(arr, d));
    Value *total = B.CreateMul(count, threads);
    AllocaInst *baseSlot = eb.CreateAlloca(ptrTy, nullptr, "priv");
    Value *block = B.CreateCall(M.runtime("pj_alloc"), {B.CreateMul(total, i64(typed::byteSize(t->dtype))), baseSlot});
    checkFailed(B.CreateIsNull(block), f.loc);
    blocks.push_back(block);
    Value *base = B.CreateLoad(ptrTy, baseSlot);
    const Type *et = M.T.scalar(t->dtype);
    Value *id = reduceIdentity(r.op, et);
    if (!cast<Constant>(id)->isNullValue()) {
      BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("priv.fill"), *done = newBlock("priv.fill.done");
      B.CreateCondBr(B.CreateICmpSGT(total, i64(0)), loop, done);
      B.SetInsertPoint(loop);
      PHINode *i = B.CreatePHI(B.getInt64Ty(), 2);
      i->addIncoming(i64(0), pre);
      storeElement(B.CreateInBoundsGEP(M.memType(t->dtype), base, i), id, t->dtype);
      Value *next = B.CreateAdd(i, i64(1));
      i->addIncoming(next, loop);
      B.CreateCondBr(B.CreateICmpSLT(next, total), loop, done);
      B.SetInsertPoint(done);
    }
    copies.push_back({base, count});
    B.CreateStore(base, field(k++));
  }

  B.SetCurrentDebugLocation(loopLoc);
  Function *body = emitParallelBody(f, plan, envTy, constStep);
  Value *line = B.CreateCall(M.runtime("pj_parallel_for"), {env, body, n, chunk}, "prange.status");
  // 0: done; > 0: the line of the body that raised; < 0: the runtime failed.
  Value *at = B.CreateSelect(B.CreateICmpSLT(line, B.getInt32(0)), B.getInt32(f.loc.line), line);
  checkFailedAt(B.CreateICmpNE(line, B.getInt32(0)), at);

  // The loops below are the runtime's bookkeeping, not the user's: no line,
  // so that explain does not report them as the prange loop.
  if (DISubprogram *sp = F->getSubprogram()) B.SetCurrentDebugLocation(DILocation::get(M.ctx, 0, 0, sp));
  // Combine the partials in chunk order, onto the value before the loop.
  for (size_t r = 0; r < plan.reductions.size(); ++r) {
    const parallel::Reduction &red = plan.reductions[r];
    const Type *t = S.locals.at(red.var);
    llvm::Type *lt = M.llvmType(t);
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("reduce"), *done = newBlock("reduce.done");
    Value *init = B.CreateLoad(lt, local(red.var));
    B.CreateCondBr(B.CreateICmpSGT(nchunks, i64(0)), loop, done);
    B.SetInsertPoint(loop);
    PHINode *c = B.CreatePHI(B.getInt64Ty(), 2), *acc = B.CreatePHI(lt, 2);
    c->addIncoming(i64(0), pre);
    acc->addIncoming(init, pre);
    Value *part = B.CreateLoad(lt, B.CreateInBoundsGEP(partials[r]->getAllocatedType(), partials[r], {i64(0), c}));
    Value *next = reduceCombine(red.op, t, acc, part);
    Value *cn = B.CreateAdd(c, i64(1));
    c->addIncoming(cn, loop);
    acc->addIncoming(next, loop);
    B.CreateCondBr(B.CreateICmpSLT(cn, nchunks), loop, done);
    B.SetInsertPoint(done);
    PHINode *out = B.CreatePHI(lt, 2);
    out->addIncoming(init, pre);
    out->addIncoming(next, loop);
    B.CreateStore(out, local(red.var));
  }
  // Add the private copies into the array, in thread order (integers: exact).
  for (size_t r = 0; r < plan.arrayReductions.size(); ++r) {
    const parallel::Reduction &red = plan.arrayReductions[r];
    const Type *t = S.locals.at(red.var);
    const Type *et = M.T.scalar(t->dtype);
    Value *arr = B.CreateLoad(M.llvmType(t), local(red.var));
    Value *data = arrayData(arr);
    auto [base, count] = copies[r];
    Value *total = B.CreateMul(count, threads);
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("merge"), *done = newBlock("merge.done");
    B.CreateCondBr(B.CreateICmpSGT(total, i64(0)), loop, done);
    B.SetInsertPoint(loop);
    PHINode *i = B.CreatePHI(B.getInt64Ty(), 2);
    i->addIncoming(i64(0), pre);
    Value *dst = B.CreateInBoundsGEP(M.memType(t->dtype), data, B.CreateSRem(i, count));
    Value *v = loadElement(B.CreateInBoundsGEP(M.memType(t->dtype), base, i), t->dtype);
    storeElement(dst, reduceCombine(red.op, et, loadElement(dst, t->dtype), v), t->dtype);
    Value *next = B.CreateAdd(i, i64(1));
    i->addIncoming(next, loop);
    B.CreateCondBr(B.CreateICmpSLT(next, total), loop, done);
    B.SetInsertPoint(done);
  }
  for (Value *blk : blocks) B.CreateCall(M.runtime("pj_decref"), {blk});
  // `else:` on a prange loop runs once the loop is done (it has no break).
  block(f.orelse);
}

Function *FunctionEmitter::emitParallelBody(const ast::For &f, const parallel::LoopPlan &plan, StructType *envTy,
                                            std::optional<int64_t> constStep) {
  auto *ptrTy = PointerType::getUnqual(M.ctx);
  auto *fty = FunctionType::get(B.getInt32Ty(), {ptrTy, B.getInt64Ty(), B.getInt64Ty()}, false);
  Function *fn = Function::Create(fty, GlobalValue::InternalLinkage,
                                  F->getName() + ".prange.line" + std::to_string(f.loc.line), M.mod);
  fn->setDoesNotThrow();
  fn->addParamAttr(0, Attribute::NoAlias);
  fn->addParamAttr(0, Attribute::ReadOnly);
  FunctionEmitter sub(M, S, fn);
  sub.hostSynced = hostSynced; // an outlined part of a loop the caller synced for the host
  sub.emitChunk(f, plan, envTy, constStep);
  return fn;
}

void FunctionEmitter::emitChunk(const ast::For &f, const parallel::LoopPlan &plan, StructType *envTy,
                                std::optional<int64_t> constStep) {
  // The chunk owns the arrays its iterations create; captured ones are borrowed.
  std::vector<const ast::Stmt *> body;
  for (auto &st : f.body) body.push_back(st.get());
  computeManaged(body);
  setUpFrame();
  Value *env = F->getArg(0), *lo = F->getArg(1), *hi = F->getArg(2);
  env->setName("env");
  lo->setName("lo");
  hi->setName("hi");
  auto field = [&](unsigned k) {
    return B.CreateLoad(envTy->getElementType(k), B.CreateStructGEP(envTy, env, k));
  };
  Value *start = field(kStart);
  Value *step = constStep ? i64(*constStep) : field(kStep);
  Value *chunk = field(kChunk);
  unsigned k = kFirstCapture;
  for (const std::string &name : plan.captured) B.CreateStore(field(k++), local(name));
  std::vector<Value *> partials;
  for (const parallel::Reduction &r : plan.reductions) {
    partials.push_back(field(k++));
    B.CreateStore(reduceIdentity(r.op, S.locals.at(r.var)), local(r.var));
    reductionVars.insert(r.var);
  }
  // An array reduction writes this thread's private copy instead of the array.
  Value *tid = nullptr;
  for (const parallel::Reduction &r : plan.arrayReductions) {
    const Type *t = S.locals.at(r.var);
    if (!tid) tid = B.CreateCall(M.runtime("pj_thread_id"), {}, "tid");
    Value *base = field(k++);
    Value *arr = B.CreateLoad(M.llvmType(t), local(r.var));
    Value *count = i64(1);
    for (int d = 0; d < t->ndim; ++d) count = B.CreateMul(count, arrayDim(arr, d));
    Value *mine = B.CreateInBoundsGEP(M.memType(t->dtype), base, B.CreateMul(tid, count));
    B.CreateStore(B.CreateInsertValue(arr, mine, {1}), local(r.var));
  }
  if (DISubprogram *sp = F->getSubprogram()) B.SetCurrentDebugLocation(DILocation::get(M.ctx, f.loc.line, f.loc.col, sp));
  Value *first = B.CreateAdd(start, B.CreateMul(lo, step), "first");
  Value *last = B.CreateAdd(start, B.CreateMul(hi, step), "last");
  emitRangeLoop(f, first, last, step, constStep, /*withElse=*/false);
  if (!terminated()) {
    Value *c = B.CreateSDiv(lo, chunk, "chunk.index");
    for (size_t r = 0; r < plan.reductions.size(); ++r) {
      llvm::Type *lt = M.llvmType(S.locals.at(plan.reductions[r].var));
      B.CreateStore(B.CreateLoad(lt, local(plan.reductions[r].var)), B.CreateInBoundsGEP(lt, partials[r], c));
    }
  }
  finishFrame();
}

} // namespace parjit::codegen
