// Expressions: names, constants, arithmetic with Python's semantics,
// comparisons, short-circuit logic, array element access, calls.
#include "codegen/FunctionEmitter.h"
#include "typed/Builtins.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/Casting.h"
#include <unordered_map>

using namespace llvm;

namespace parjit::codegen {

using typed::isFloat;
using typed::isInt;
using typed::isSigned;

Value *FunctionEmitter::toDType(Value *v, const Type *from, DType to) {
  DType f = from->dtype;
  if (f == to) return v;
  llvm::Type *dt = M.scalarType(to);
  if (to == DType::Bool) {
    if (isFloat(f)) return B.CreateFCmpUNE(v, ConstantFP::get(v->getType(), 0.0));
    return B.CreateICmpNE(v, ConstantInt::get(v->getType(), 0));
  }
  if (isFloat(to)) {
    if (isFloat(f)) return B.CreateFPCast(v, dt);
    if (f == DType::Bool || !isSigned(f)) return B.CreateUIToFP(v, dt);
    return B.CreateSIToFP(v, dt);
  }
  // to an integer
  if (isFloat(f)) {
    // NumPy's casts on x86-64, which C leaves undefined out of range: the
    // float truncated to int32 (int8/16, uint8/16, int32) or int64 (int64),
    // then wrapped to the width; out of the intermediate's range, nan and
    // inf give its least value (cvttsd2si): -1.0 -> uint8 255, 255.9 ->
    // int8 -1, nan -> int32 -2147483648, 1e10 -> int8 0. uint32 and uint64
    // convert [0, 2^32) / [0, 2^64) exactly, give 0 above, and go through
    // int32 / int64 below 0 (-1.0 -> 4294967295).
    llvm::Type *ft = v->getType();
    auto c = [&](double x) { return ConstantFP::get(ft, x); };
    auto between = [&](double lo, double hi) { return B.CreateAnd(B.CreateFCmpOGT(v, c(lo)), B.CreateFCmpOLT(v, c(hi))); };
    auto viaSigned = [&](unsigned bits) {
      llvm::Type *it = B.getIntNTy(bits);
      double lim = bits == 32 ? 2147483648.0 : 9223372036854775808.0;
      return B.CreateSelect(between(-lim - 1.0, lim), B.CreateFPToSI(v, it),
                            ConstantInt::get(it, APInt::getSignedMinValue(bits)));
    };
    unsigned bits = dt->getIntegerBitWidth();
    if (to == DType::U32 || to == DType::U64) {
      double top = to == DType::U32 ? 4294967296.0 : 18446744073709551616.0;
      Value *exact = B.CreateFPToUI(v, dt);
      Value *below = B.CreateTrunc(viaSigned(bits), dt);
      Value *r = B.CreateSelect(B.CreateFCmpOGE(v, c(top)), ConstantInt::get(dt, 0), below);
      return B.CreateSelect(B.CreateAnd(B.CreateFCmpOGE(v, c(0.0)), B.CreateFCmpOLT(v, c(top))), exact, r);
    }
    return B.CreateTrunc(viaSigned(bits == 64 ? 64 : 32), dt);
  }
  if (f == DType::Bool || !isSigned(f)) return B.CreateZExtOrTrunc(v, dt);
  return B.CreateSExtOrTrunc(v, dt);
}

Value *FunctionEmitter::convert(Value *v, const Type *from, const Type *to, SourceLoc) {
  if (from == to || !to) return v;
  if (from->isScalar() && to->isScalar()) return toDType(v, from, to->dtype);
  if (from->isTuple() && to->isTuple() && from->elts.size() == to->elts.size()) {
    Value *r = UndefValue::get(M.llvmType(to));
    for (unsigned i = 0; i < from->elts.size(); ++i)
      r = B.CreateInsertValue(r, convert(B.CreateExtractValue(v, {i}), from->elts[i], to->elts[i]), {i});
    return r;
  }
  return v;
}

Value *FunctionEmitter::truth(Value *v, const Type *t) {
  if (t->isScalar()) return toDType(v, t, DType::Bool);
  if (t->kind == typed::TypeKind::None) return B.getFalse();
  if (t->isTuple()) return B.getInt1(!t->elts.empty());
  if (t->kind == typed::TypeKind::Str) return B.CreateICmpNE(B.CreateExtractValue(v, {1}), i64(0));
  return B.getTrue();
}

static bool isConstant(const ast::Expr &e) {
  return isa<ast::IntLit>(&e) || isa<ast::FloatLit>(&e) || isa<ast::BoolLit>(&e);
}

Value *FunctionEmitter::expr(const ast::Expr &e) {
  const Type *t = typeOf(e);
  switch (e.kind) {
  case ast::ExprKind::Name: {
    auto &n = cast<ast::Name>(e);
    if (AllocaInst *a = local(n.id)) return B.CreateLoad(a->getAllocatedType(), a, n.id);
    if (n.id == "__name__") {
      Value *s = UndefValue::get(M.llvmType(t));
      s = B.CreateInsertValue(s, M.cstring("__main__"), {0});
      return B.CreateInsertValue(s, i64(8), {1});
    }
    auto c = M.prog.constants.find(n.id);
    if (c != M.prog.constants.end() && c->second) return expr(*c->second);
    return UndefValue::get(M.llvmType(t)); // modules, functions: no runtime value
  }
  case ast::ExprKind::IntLit: return i64(static_cast<int64_t>(cast<ast::IntLit>(e).value));
  case ast::ExprKind::FloatLit: return ConstantFP::get(B.getDoubleTy(), cast<ast::FloatLit>(e).value);
  case ast::ExprKind::BoolLit: return B.getInt1(cast<ast::BoolLit>(e).value);
  case ast::ExprKind::NoneLit: return UndefValue::get(M.llvmType(t));
  case ast::ExprKind::StrLit: {
    const std::string &s = cast<ast::StrLit>(e).value;
    Value *v = UndefValue::get(M.llvmType(t));
    v = B.CreateInsertValue(v, M.cstring(s), {0});
    return B.CreateInsertValue(v, i64(static_cast<int64_t>(s.size())), {1});
  }
  case ast::ExprKind::BinOp: {
    auto &b = cast<ast::BinOp>(e);
    if (isElementwise(e)) return materialize(e);
    if (b.op == ast::BinOpKind::MatMul) {
      Value *v = dot(*b.lhs, *b.rhs, t, b.loc);
      if (t->isArray()) temps.push_back({v, t});
      return v;
    }
    Value *l = expr(*b.lhs);
    Value *r = expr(*b.rhs);
    return binop(b.op, l, typeOf(*b.lhs), r, typeOf(*b.rhs), t, b.loc);
  }
  case ast::ExprKind::UnaryOp: {
    auto &u = cast<ast::UnaryOp>(e);
    if (isElementwise(e)) return materialize(e);
    Value *v = expr(*u.operand);
    const Type *ot = typeOf(*u.operand);
    if (u.op == ast::UnaryOpKind::Not) return B.CreateNot(truth(v, ot));
    v = convert(v, ot, t);
    if (u.op == ast::UnaryOpKind::Pos) return v;
    if (u.op == ast::UnaryOpKind::Neg) return isFloat(t->dtype) ? B.CreateFNeg(v) : B.CreateNeg(v);
    return B.CreateNot(v); // ~x
  }
  case ast::ExprKind::BoolOp: {
    // `a and b` is b if a is true, else a (as a value, short-circuit).
    auto &b = cast<ast::BoolOp>(e);
    BasicBlock *endBB = newBlock(b.op == ast::BoolOpKind::And ? "and.end" : "or.end");
    std::vector<std::pair<Value *, BasicBlock *>> incoming;
    for (size_t i = 0; i < b.values.size(); ++i) {
      const Type *vt = typeOf(*b.values[i]);
      Value *v = i == 0 ? expr(*b.values[i]) : tempScope([&] { return expr(*b.values[i]); });
      Value *cv = convert(v, vt, t);
      if (i + 1 == b.values.size()) {
        incoming.push_back({cv, B.GetInsertBlock()});
        B.CreateBr(endBB);
        break;
      }
      Value *c = truth(v, vt);
      BasicBlock *next = newBlock("bool.next");
      incoming.push_back({cv, B.GetInsertBlock()});
      if (b.op == ast::BoolOpKind::And) B.CreateCondBr(c, next, endBB);
      else B.CreateCondBr(c, endBB, next);
      B.SetInsertPoint(next);
    }
    B.SetInsertPoint(endBB);
    PHINode *phi = B.CreatePHI(M.llvmType(t), incoming.size());
    for (auto &[v, bb] : incoming) phi->addIncoming(v, bb);
    return phi;
  }
  case ast::ExprKind::Compare: {
    auto &c = cast<ast::Compare>(e);
    if (isElementwise(e)) return materialize(e);
    Value *l = expr(*c.left);
    const Type *lt = typeOf(*c.left);
    const ast::Expr *le = c.left.get();
    if (c.ops.size() == 1) {
      Value *r = expr(*c.comparators[0]);
      return compareOp(c.ops[0], l, lt, r, typeOf(*c.comparators[0]), le, c.comparators[0].get());
    }
    // a < b < c: each operand evaluated once, stop at the first false.
    BasicBlock *endBB = newBlock("cmp.end");
    std::vector<std::pair<Value *, BasicBlock *>> incoming;
    for (size_t i = 0; i < c.ops.size(); ++i) {
      const Type *rt = typeOf(*c.comparators[i]);
      Value *r = nullptr, *res = nullptr;
      auto step = [&] {
        r = expr(*c.comparators[i]);
        return res = compareOp(c.ops[i], l, lt, r, rt, le, c.comparators[i].get());
      };
      if (i == 0) step();
      else tempScope(step);
      incoming.push_back({res, B.GetInsertBlock()});
      if (i + 1 == c.ops.size()) {
        B.CreateBr(endBB);
      } else {
        BasicBlock *next = newBlock("cmp.next");
        B.CreateCondBr(res, next, endBB);
        B.SetInsertPoint(next);
      }
      l = r; lt = rt; le = c.comparators[i].get();
    }
    B.SetInsertPoint(endBB);
    PHINode *phi = B.CreatePHI(B.getInt1Ty(), incoming.size());
    for (auto &[v, bb] : incoming) phi->addIncoming(v, bb);
    return phi;
  }
  case ast::ExprKind::IfExp: {
    // Each branch's temporaries die in the branch; an array result leaves it
    // as a new reference, a temporary of the enclosing statement.
    auto &i = cast<ast::IfExp>(e);
    Value *c = truth(expr(*i.test), typeOf(*i.test));
    BasicBlock *thenBB = newBlock("ifexp.then"), *elseBB = newBlock("ifexp.else"), *endBB = newBlock("ifexp.end");
    B.CreateCondBr(c, thenBB, elseBB);
    auto branch = [&](const ast::Expr &x) {
      return tempScope([&] { return convert(holdsArray(t) ? ownedValue(x) : expr(x), typeOf(x), t); });
    };
    B.SetInsertPoint(thenBB);
    Value *a = branch(*i.body);
    BasicBlock *aBB = B.GetInsertBlock();
    B.CreateBr(endBB);
    B.SetInsertPoint(elseBB);
    Value *b = branch(*i.orelse);
    BasicBlock *bBB = B.GetInsertBlock();
    B.CreateBr(endBB);
    B.SetInsertPoint(endBB);
    PHINode *phi = B.CreatePHI(M.llvmType(t), 2);
    phi->addIncoming(a, aBB);
    phi->addIncoming(b, bBB);
    if (holdsArray(t)) temps.push_back({phi, t});
    return phi;
  }
  case ast::ExprKind::Tuple:
  case ast::ExprKind::List: { // a list here stands for a tuple (np.concatenate([a, b]))
    const std::vector<ast::ExprPtr> &elts =
        isa<ast::Tuple>(e) ? cast<ast::Tuple>(e).elts : cast<ast::List>(e).elts;
    Value *v = UndefValue::get(M.llvmType(t));
    for (unsigned i = 0; i < elts.size(); ++i) v = B.CreateInsertValue(v, expr(*elts[i]), {i});
    return v;
  }
  case ast::ExprKind::Attribute: {
    auto &a = cast<ast::Attribute>(e);
    const Type *bt = typeOf(*a.value);
    if (bt->kind == typed::TypeKind::Module) {
      std::string mod = bt->name == "numba" ? "parjit" : bt->name;
      if (mod == "parjit.cuda" && a.attr == "warpsize") return i64(32);
      if (mod == "parjit.cuda" && a.attr == "laneid") return cudaRegister("laneid", 0);
      if (mod.rfind("parjit.cuda.", 0) == 0) return cudaRegister(mod.substr(12), a.attr[0] - 'x');
      if (auto c = typed::moduleConstant(mod, a.attr)) return ConstantFP::get(B.getDoubleTy(), *c);
      return UndefValue::get(M.llvmType(t));
    }
    Value *arr = expr(*a.value);
    if (a.attr == "ndim") return i64(bt->ndim);
    if (a.attr == "T") return transposed(arr, bt, t);
    if (a.attr == "itemsize") return i64(typed::byteSize(bt->dtype));
    if (a.attr == "dtype") return UndefValue::get(M.llvmType(t)); // known when compiling
    if (a.attr == "strides") {
      Value *v = UndefValue::get(M.llvmType(t));
      for (unsigned k = 0; k < static_cast<unsigned>(bt->ndim); ++k) v = B.CreateInsertValue(v, arrayStride(arr, k), {k});
      return v;
    }
    if (a.attr == "nbytes") {
      Value *n = i64(typed::byteSize(bt->dtype));
      for (unsigned k = 0; k < static_cast<unsigned>(bt->ndim); ++k) n = B.CreateMul(n, arrayDim(arr, k));
      return n;
    }
    if (a.attr == "shape") {
      Value *v = UndefValue::get(M.llvmType(t));
      for (unsigned k = 0; k < static_cast<unsigned>(bt->ndim); ++k) v = B.CreateInsertValue(v, arrayDim(arr, k), {k});
      return v;
    }
    // size
    Value *n = i64(1);
    for (unsigned k = 0; k < static_cast<unsigned>(bt->ndim); ++k) n = B.CreateMul(n, arrayDim(arr, k));
    return n;
  }
  case ast::ExprKind::Subscript: {
    auto &s = cast<ast::Subscript>(e);
    const Type *bt = typeOf(*s.value);
    if (bt->kind == typed::TypeKind::Builtin) { // sys.argv[i]
      Value *i = convert(expr(*s.index), typeOf(*s.index), M.T.i64());
      Value *p = B.CreateCall(M.runtime("pj_argv"), {i});
      checkFailed(B.CreateIsNull(p), s.loc);
      Value *len = B.CreateCall(M.mod.getOrInsertFunction("strlen", FunctionType::get(B.getInt64Ty(), {B.getPtrTy()}, false)), {p});
      Value *v = UndefValue::get(M.llvmType(t));
      v = B.CreateInsertValue(v, p, {0});
      return B.CreateInsertValue(v, len, {1});
    }
    if (bt->isTuple()) {
      Value *tv = expr(*s.value);
      int64_t i = static_cast<int64_t>(cast<ast::IntLit>(s.index.get()) ? cast<ast::IntLit>(s.index.get())->value : 0);
      if (auto *u = dyn_cast<ast::UnaryOp>(s.index.get())) i = -static_cast<int64_t>(cast<ast::IntLit>(u->operand.get())->value);
      int64_t n = static_cast<int64_t>(bt->elts.size());
      return B.CreateExtractValue(tv, {static_cast<unsigned>(i < 0 ? i + n : i)});
    }
    if (t->isArray()) return isMaskIndex(s) ? maskSelect(s) : view(s); // a[1:], a[i], a[:, None], a[mask]
    Value *arr;
    const Type *at;
    Value *p = elementPtr(s, arr, at);
    return loadElement(p, at->dtype);
  }
  case ast::ExprKind::Call: {
    if (isElementwise(e)) return materialize(e); // np.sin(a) * 2: one loop
    // A call returning arrays returns new references: temporaries of the statement.
    Value *v = call(cast<ast::Call>(e));
    if (holdsArray(t)) temps.push_back({v, t});
    return v;
  }
  default:
    report_fatal_error("parjit: internal error: unsupported expression reached code generation");
  }
}

Value *FunctionEmitter::call(const ast::Call &c) {
  if (S.launches.count(&c)) return emitLaunch(c);
  const Type *t = typeOf(c);
  {
    const Type *ft = typeOf(*c.func);
    if (ft->kind == typed::TypeKind::Function) return callUser(c);
    if (ft->kind == typed::TypeKind::DType) {
      if (c.args.empty()) return Constant::getNullValue(M.llvmType(t));
      const ast::Expr &a = *c.args[0];
      Value *v = expr(a);
      const Type *at = typeOf(a);
      if (at->kind == typed::TypeKind::Str) {
        bool isF = ft->dtype == DType::F64;
        Value *r = B.CreateCall(M.runtime(isF ? "pj_str_to_f64" : "pj_str_to_i64"),
                                {B.CreateExtractValue(v, {0}), B.CreateExtractValue(v, {1})});
        checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), c.loc);
        return r;
      }
      // int(x) of a float truncates toward zero and rejects nan/inf like Python.
      if (ft->dtype != DType::Bool && isInt(ft->dtype) && isFloat(at->dtype) && c.func->kind == ast::ExprKind::Name &&
          cast<ast::Name>(*c.func).id == "int") {
        Value *isnan = B.CreateFCmpUNO(v, v);
        raiseIf(isnan, c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "cannot convert float NaN to integer"); });
        Value *big = B.CreateFCmpOGE(B.CreateUnaryIntrinsic(Intrinsic::fabs, v), ConstantFP::get(v->getType(), 9223372036854775808.0));
        raiseIf(big, c.loc, [&] {
          raiseMsg(PJ_EXC_OVERFLOW, "cannot convert float infinity to integer (or it does not fit in int64)");
        });
      }
      return toDType(v, at, ft->dtype);
    }
    return callBuiltin(c, ft->name);
  }
}

Value *FunctionEmitter::binop(ast::BinOpKind op, Value *l, const Type *lt, Value *r, const Type *rt,
                              const Type *resT, SourceLoc loc) {
  using K = ast::BinOpKind;
  if (resT->isTuple() && op == K::Mul) { // (2,) * 3: the tuple's elements repeated
    const Type *tt = lt->isTuple() ? lt : rt;
    Value *tv = lt->isTuple() ? l : r;
    Value *v = UndefValue::get(M.llvmType(resT));
    unsigned n = static_cast<unsigned>(tt->elts.size());
    for (unsigned k = 0; k < resT->elts.size(); ++k) v = B.CreateInsertValue(v, B.CreateExtractValue(tv, {k % n}), {k});
    return v;
  }
  if (resT->isTuple()) { // tuple concatenation
    Value *v = UndefValue::get(M.llvmType(resT));
    unsigned k = 0;
    for (unsigned i = 0; i < lt->elts.size(); ++i) v = B.CreateInsertValue(v, B.CreateExtractValue(l, {i}), {k++});
    for (unsigned i = 0; i < rt->elts.size(); ++i) v = B.CreateInsertValue(v, B.CreateExtractValue(r, {i}), {k++});
    return v;
  }
  DType d = resT->dtype;
  if (op == K::Div) {
    // true division happens in the result's float type
    Value *a = toDType(l, lt, d), *b = toDType(r, rt, d);
    if (!S.fastmath)
      raiseIf(B.CreateFCmpOEQ(b, ConstantFP::get(b->getType(), 0.0)), loc, [&] {
        raiseMsg(PJ_EXC_ZERO_DIVISION, isFloat(lt->dtype) || isFloat(rt->dtype) ? "float division by zero" : "division by zero");
      });
    return B.CreateFDiv(a, b);
  }
  Value *a = toDType(l, lt, d), *b = toDType(r, rt, d);
  if (isFloat(d)) {
    llvm::Type *ft = a->getType();
    switch (op) {
    case K::Add: return B.CreateFAdd(a, b);
    case K::Sub: return B.CreateFSub(a, b);
    case K::Mul: return B.CreateFMul(a, b);
    case K::Pow: return B.CreateBinaryIntrinsic(Intrinsic::pow, a, b);
    case K::FloorDiv:
    case K::Mod: {
      if (!S.fastmath)
        raiseIf(B.CreateFCmpOEQ(b, ConstantFP::get(ft, 0.0)), loc, [&] {
          raiseMsg(PJ_EXC_ZERO_DIVISION, op == K::Mod ? "float modulo" : "float floor division by zero");
        });
      // CPython's float_divmod.
      Value *zero = ConstantFP::get(ft, 0.0);
      Value *mod = B.CreateFRem(a, b);
      Value *div = B.CreateFDiv(B.CreateFSub(a, mod), b);
      Value *modNZ = B.CreateFCmpUNE(mod, zero);
      Value *signDiff = B.CreateXor(B.CreateFCmpOLT(b, zero), B.CreateFCmpOLT(mod, zero));
      Value *adjust = B.CreateAnd(modNZ, signDiff);
      Value *modAdj = B.CreateSelect(adjust, B.CreateFAdd(mod, b), mod);
      Value *divAdj = B.CreateSelect(adjust, B.CreateFSub(div, ConstantFP::get(ft, 1.0)), div);
      Value *modZero = B.CreateBinaryIntrinsic(Intrinsic::copysign, zero, b);
      Value *modRes = B.CreateSelect(modNZ, modAdj, modZero);
      if (op == K::Mod) return modRes;
      Value *fl = B.CreateUnaryIntrinsic(Intrinsic::floor, divAdj);
      Value *fl2 = B.CreateSelect(B.CreateFCmpOGT(B.CreateFSub(divAdj, fl), ConstantFP::get(ft, 0.5)),
                                  B.CreateFAdd(fl, ConstantFP::get(ft, 1.0)), fl);
      Value *divZero = B.CreateBinaryIntrinsic(Intrinsic::copysign, zero, B.CreateFDiv(a, b));
      return B.CreateSelect(B.CreateFCmpUNE(divAdj, zero), fl2, divZero);
    }
    default: break;
    }
    report_fatal_error("parjit: internal error: bad float operator");
  }
  if (d == DType::Bool) {
    switch (op) {
    case K::BitAnd: return B.CreateAnd(a, b);
    case K::BitOr: return B.CreateOr(a, b);
    case K::BitXor: return B.CreateXor(a, b);
    default: report_fatal_error("parjit: internal error: bad bool operator");
    }
  }
  bool sgn = isSigned(d);
  llvm::Type *it = a->getType();
  unsigned bits = it->getIntegerBitWidth();
  switch (op) {
  case K::Add: return B.CreateAdd(a, b);
  case K::Sub: return B.CreateSub(a, b);
  case K::Mul: return B.CreateMul(a, b);
  case K::BitAnd: return B.CreateAnd(a, b);
  case K::BitOr: return B.CreateOr(a, b);
  case K::BitXor: return B.CreateXor(a, b);
  case K::LShift:
  case K::RShift: {
    if (sgn)
      raiseIf(B.CreateICmpSLT(b, ConstantInt::get(it, 0)), loc, [&] { raiseMsg(PJ_EXC_VALUE, "negative shift count"); });
    Value *big = B.CreateICmpUGE(b, ConstantInt::get(it, bits));
    Value *safe = B.CreateSelect(big, ConstantInt::get(it, 0), b);
    if (op == K::LShift) return B.CreateSelect(big, ConstantInt::get(it, 0), B.CreateShl(a, safe));
    if (sgn) return B.CreateAShr(a, B.CreateSelect(big, ConstantInt::get(it, bits - 1), b));
    return B.CreateSelect(big, ConstantInt::get(it, 0), B.CreateLShr(a, safe));
  }
  case K::Pow: {
    Value *a64 = sgn ? B.CreateSExt(a, B.getInt64Ty()) : B.CreateZExt(a, B.getInt64Ty());
    Value *b64 = sgn ? B.CreateSExt(b, B.getInt64Ty()) : B.CreateZExt(b, B.getInt64Ty());
    Value *p = B.CreateCall(M.runtime("pj_pow_i64"), {a64, b64});
    if (sgn) checkFailed(B.CreateICmpSLT(b64, i64(0)), loc);
    return B.CreateTrunc(p, it);
  }
  case K::FloorDiv:
  case K::Mod: {
    raiseIf(B.CreateICmpEQ(b, ConstantInt::get(it, 0)), loc, [&] {
      raiseMsg(PJ_EXC_ZERO_DIVISION, op == K::Mod ? "integer modulo by zero" : "integer division or modulo by zero");
    });
    if (!sgn) return op == K::Mod ? B.CreateURem(a, b) : B.CreateUDiv(a, b);
    // b == -1 would overflow sdiv for the minimum value: x // -1 == -x, x % -1 == 0.
    Value *minus1 = B.CreateICmpEQ(b, ConstantInt::getSigned(it, -1));
    Value *bs = B.CreateSelect(minus1, ConstantInt::get(it, 1), b);
    Value *q = B.CreateSDiv(a, bs);
    Value *rem = B.CreateSRem(a, bs);
    Value *fix = B.CreateAnd(B.CreateICmpNE(rem, ConstantInt::get(it, 0)),
                             B.CreateICmpSLT(B.CreateXor(rem, b), ConstantInt::get(it, 0)));
    if (op == K::Mod) {
      Value *m = B.CreateSelect(fix, B.CreateAdd(rem, b), rem);
      return B.CreateSelect(minus1, ConstantInt::get(it, 0), m);
    }
    Value *qq = B.CreateSelect(fix, B.CreateSub(q, ConstantInt::get(it, 1)), q);
    return B.CreateSelect(minus1, B.CreateNeg(a), qq);
  }
  default: break;
  }
  report_fatal_error("parjit: internal error: bad integer operator");
}

Value *FunctionEmitter::compareOp(ast::CmpOpKind op, Value *l, const Type *lt, Value *r, const Type *rt,
                                  const ast::Expr *le, const ast::Expr *re) {
  using C = ast::CmpOpKind;
  if (op == C::Is || op == C::IsNot) {
    bool same = (lt->kind == typed::TypeKind::None) == (rt->kind == typed::TypeKind::None);
    return B.getInt1(op == C::Is ? same : !same);
  }
  if (lt->kind == typed::TypeKind::Str || rt->kind == typed::TypeKind::Str) {
    const std::string *a = typed::constString(le), *b = typed::constString(re);
    bool eq = a && b && *a == *b;
    return B.getInt1(op == C::Eq ? eq : !eq);
  }
  if (!lt->isScalar() || !rt->isScalar()) { // None == x
    bool eq = lt->kind == rt->kind;
    return B.getInt1(op == C::Eq ? eq : !eq);
  }
  DType d = typed::promote(lt->dtype, rt->dtype);
  if (d == DType::Bool) d = DType::I8;
  Value *a = toDType(l, lt, d), *b = toDType(r, rt, d);
  if (isFloat(d)) {
    switch (op) {
    case C::Eq: return B.CreateFCmpOEQ(a, b);
    case C::NotEq: return B.CreateFCmpUNE(a, b);
    case C::Lt: return B.CreateFCmpOLT(a, b);
    case C::LtE: return B.CreateFCmpOLE(a, b);
    case C::Gt: return B.CreateFCmpOGT(a, b);
    case C::GtE: return B.CreateFCmpOGE(a, b);
    default: break;
    }
  } else {
    bool s = isSigned(d);
    switch (op) {
    case C::Eq: return B.CreateICmpEQ(a, b);
    case C::NotEq: return B.CreateICmpNE(a, b);
    case C::Lt: return s ? B.CreateICmpSLT(a, b) : B.CreateICmpULT(a, b);
    case C::LtE: return s ? B.CreateICmpSLE(a, b) : B.CreateICmpULE(a, b);
    case C::Gt: return s ? B.CreateICmpSGT(a, b) : B.CreateICmpUGT(a, b);
    case C::GtE: return s ? B.CreateICmpSGE(a, b) : B.CreateICmpUGE(a, b);
    default: break;
    }
  }
  report_fatal_error("parjit: internal error: bad comparison");
}

Value *FunctionEmitter::elementPtr(const ast::Subscript &s, Value *&arr, const Type *&at) {
  at = typeOf(*s.value);
  arr = expr(*s.value);
  std::vector<const ast::Expr *> idx;
  if (auto *t = dyn_cast<ast::Tuple>(s.index.get()))
    for (auto &e : t->elts) idx.push_back(e.get());
  else
    idx.push_back(s.index.get());
  return indexPtr(arr, at, idx, &s);
}

Value *FunctionEmitter::indexPtr(Value *arr, const Type *at, const std::vector<const ast::Expr *> &idx,
                                 const ast::Subscript *s) {
  Value *linear = nullptr;
  for (unsigned k = 0; k < idx.size(); ++k) {
    Value *i = convert(expr(*idx[k]), typeOf(*idx[k]), M.T.i64());
    Value *dim = arrayDim(arr, k);
    if (!s || !proven.count({s, k})) {
      // Python's negative indices, then the bounds check.
      Value *orig = i;
      i = B.CreateSelect(B.CreateICmpSLT(i, i64(0)), B.CreateAdd(i, dim), i);
      if (S.boundsCheck) {
        Value *bad = B.CreateICmpUGE(i, dim);
        raiseIf(bad, idx[k]->loc, [&] {
          B.CreateCall(M.runtime("pj_raise_index"), {orig, i64(k), dim});
        });
      }
    }
    if (at->contiguous) // row-major from the shape: unit stride along the last axis, as the vectorizer likes
      linear = linear ? B.CreateAdd(B.CreateMul(linear, dim, "", true, true), i, "", true, true) : i;
    else // any layout: byte strides
      linear = B.CreateAdd(linear ? linear : i64(0), B.CreateMul(i, arrayStride(arr, k), "", true, true), "", true, true);
  }
  if (!at->contiguous) return B.CreateInBoundsGEP(B.getInt8Ty(), arrayData(arr), linear);
  return B.CreateInBoundsGEP(M.memType(at->dtype), arrayData(arr), linear);
}

Value *FunctionEmitter::loadElement(Value *ptr, DType d) {
  Value *v = B.CreateLoad(M.memType(d), ptr);
  if (d == DType::Bool) return B.CreateICmpNE(v, B.getInt8(0));
  return v;
}

void FunctionEmitter::storeElement(Value *ptr, Value *v, DType d) {
  if (d == DType::Bool) v = B.CreateZExt(v, B.getInt8Ty());
  B.CreateStore(v, ptr);
}

Value *FunctionEmitter::callUser(const ast::Call &c) {
  const typed::Specialization *callee = S.callees.at(&c);
  const auto &bound = S.callArgs.at(&c);
  std::vector<Value *> args;
  AllocaInst *slot;
  {
    // The return slot lives in the entry block so that mem2reg can promote it.
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    slot = eb.CreateAlloca(M.llvmType(callee->retType));
  }
  args.push_back(slot);
  // The positional arguments first, in source order, each once: a tuple
  // spread with * is evaluated once and gives its parameters its elements.
  std::unordered_map<const ast::Expr *, Value *> positional;
  for (auto &a : c.args)
    positional[a.get()] = expr(isa<ast::Starred>(a.get()) ? *cast<ast::Starred>(*a).value : *a);
  auto elements = S.callArgElements.find(&c);
  for (unsigned i = 0; i < bound.size(); ++i) {
    auto p = positional.find(bound[i]);
    if (p == positional.end()) args.push_back(expr(*bound[i])); // a keyword argument or a default
    else if (elements != S.callArgElements.end() && elements->second[i] >= 0)
      args.push_back(B.CreateExtractValue(p->second, {static_cast<unsigned>(elements->second[i])}));
    else args.push_back(p->second);
  }
  CallInst *st = B.CreateCall(M.functions.at(callee), args);
  // Undecorated code calling a @jit function crosses a compilation boundary,
  // as in Numba: the kernel is compiled once, not inlined (and re-optimized)
  // at every call site of the script's glue code.
  if (callee->jitted && !S.jitted) st->addFnAttr(Attribute::NoInline);
  checkFailed(B.CreateICmpNE(st, B.getInt32(0)), c.loc);
  return B.CreateLoad(slot->getAllocatedType(), slot);
}

} // namespace parjit::codegen
