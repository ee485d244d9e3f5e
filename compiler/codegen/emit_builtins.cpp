// Calls to builtins and library functions: print, len, abs, min, max, round,
// the math module, and NumPy's array constructors.
#include "codegen/FunctionEmitter.h"
#include "typed/Builtins.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace parjit::codegen {

using typed::isFloat;
using typed::isInt;
using typed::isSigned;

namespace {
/// Math functions with an LLVM intrinsic (these vectorize and never set errno).
std::optional<Intrinsic::ID> mathIntrinsic(StringRef name) {
  return StringSwitch<std::optional<Intrinsic::ID>>(name)
      .Case("sqrt", Intrinsic::sqrt)
      .Case("exp", Intrinsic::exp)
      .Case("log", Intrinsic::log)
      .Case("log2", Intrinsic::log2)
      .Case("log10", Intrinsic::log10)
      .Case("sin", Intrinsic::sin)
      .Case("cos", Intrinsic::cos)
      .Case("tan", Intrinsic::tan)
      .Case("fabs", Intrinsic::fabs)
      .Default(std::nullopt);
}

std::string pyRepr(const std::string &s) {
  char q = (s.find('\'') != std::string::npos && s.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == q) { out += '\\'; out += static_cast<char>(c); }
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out + q;
}
} // namespace

void FunctionEmitter::write(Value *v, const Type *t, bool repr) {
  auto str = [&](const std::string &s) {
    B.CreateCall(M.runtime("pj_write_str"), {M.cstring(s), i64(static_cast<int64_t>(s.size()))});
  };
  switch (t->kind) {
  case typed::TypeKind::Scalar: {
    DType d = t->dtype;
    if (d == DType::Bool) B.CreateCall(M.runtime("pj_write_bool"), {B.CreateZExt(v, B.getInt32Ty())});
    else if (d == DType::F64) B.CreateCall(M.runtime("pj_write_f64"), {v});
    else if (d == DType::F32) B.CreateCall(M.runtime("pj_write_f32"), {v});
    else if (isSigned(d)) B.CreateCall(M.runtime("pj_write_i64"), {B.CreateSExt(v, B.getInt64Ty())});
    else B.CreateCall(M.runtime("pj_write_u64"), {B.CreateZExt(v, B.getInt64Ty())});
    return;
  }
  case typed::TypeKind::None: str("None"); return;
  case typed::TypeKind::DType: // an array's .dtype
    str(repr ? std::string("dtype('") + typed::dtypeName(t->dtype) + "')" : typed::dtypeName(t->dtype));
    return;
  case typed::TypeKind::Str:
    B.CreateCall(M.runtime(repr ? "pj_write_repr_str" : "pj_write_str"),
                 {B.CreateExtractValue(v, {0}), B.CreateExtractValue(v, {1})});
    return;
  case typed::TypeKind::Tuple:
    str("(");
    for (unsigned i = 0; i < t->elts.size(); ++i) {
      if (i) str(", ");
      write(B.CreateExtractValue(v, {i}), t->elts[i], true);
    }
    str(t->elts.size() == 1 ? ",)" : ")");
    return;
  case typed::TypeKind::Array: {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    auto *dimsTy = ArrayType::get(B.getInt64Ty(), t->ndim);
    AllocaInst *shape = eb.CreateAlloca(dimsTy), *strides = eb.CreateAlloca(dimsTy);
    B.CreateStore(B.CreateExtractValue(v, {2}), shape);
    B.CreateStore(B.CreateExtractValue(v, {3}), strides);
    B.CreateCall(M.runtime("pj_write_array"),
                 {arrayData(v), B.getInt32(static_cast<int>(t->dtype)), B.getInt32(t->ndim), shape, strides,
                  B.getInt32(repr ? 1 : 0)});
    return;
  }
  default: str("<" + t->str() + ">"); return;
  }
}

void FunctionEmitter::print(const ast::Call &c) {
  std::string sep = " ", end = "\n";
  for (auto &k : c.keywords) {
    if (k.name == "sep") sep = *typed::constStringOf(*k.value);
    if (k.name == "end") end = *typed::constStringOf(*k.value);
  }
  auto str = [&](const std::string &s) {
    if (!s.empty()) B.CreateCall(M.runtime("pj_write_str"), {M.cstring(s), i64(static_cast<int64_t>(s.size()))});
  };
  // Python evaluates every argument before printing anything.
  std::vector<Value *> vals;
  for (auto &a : c.args) vals.push_back(expr(*a));
  for (size_t i = 0; i < c.args.size(); ++i) {
    if (i) str(sep);
    write(vals[i], typeOf(*c.args[i]), false);
  }
  str(end);
}

Value *FunctionEmitter::allocArray(DType d, const std::vector<Value *> &shape, SourceLoc loc, bool zeroed) {
  const Type *at = M.T.array(d, static_cast<int>(shape.size()));
  Value *n = i64(1);
  Value *neg = B.getFalse();
  for (Value *s : shape) {
    neg = B.CreateOr(neg, B.CreateICmpSLT(s, i64(0)));
    n = B.CreateMul(n, s);
  }
  raiseIf(neg, loc, [&] { raiseMsg(PJ_EXC_VALUE, "negative dimensions are not allowed"); });
  Value *bytes = B.CreateMul(n, i64(typed::byteSize(d)));
  AllocaInst *dataSlot;
  {
    IRBuilder<> eb(&F->getEntryBlock(), F->getEntryBlock().begin());
    dataSlot = eb.CreateAlloca(B.getPtrTy(), nullptr, "data");
  }
  Value *meminfo = B.CreateCall(M.runtime(zeroed ? "pj_alloc" : "pj_alloc_empty"), {bytes, dataSlot});
  checkFailed(B.CreateIsNull(meminfo), loc);
  return cArray(at, meminfo, B.CreateLoad(B.getPtrTy(), dataSlot), shape);
}

Value *FunctionEmitter::cArray(const Type *t, Value *meminfo, Value *data, const std::vector<Value *> &shape) {
  Value *arr = UndefValue::get(M.llvmType(t));
  arr = B.CreateInsertValue(arr, meminfo, {0});
  arr = B.CreateInsertValue(arr, data, {1});
  Value *stride = i64(typed::byteSize(t->dtype));
  for (unsigned k = shape.size(); k-- > 0;) {
    arr = B.CreateInsertValue(arr, shape[k], {2, k});
    arr = B.CreateInsertValue(arr, stride, {3, k});
    stride = B.CreateMul(stride, shape[k]);
  }
  return arr;
}

Value *FunctionEmitter::callBuiltin(const ast::Call &c, const std::string &name) {
  if (name.rfind("cuda.", 0) == 0) return callCuda(c, name);
  const Type *t = typeOf(c);
  if (name.rfind("method.", 0) == 0 ||
      (name.rfind("np.", 0) == 0 && name != "np.empty" && name != "np.zeros" && name != "np.ones" &&
       name != "np.full" && name != "np.arange"))
    return callArrayFunction(c, name);
  auto arg = [&](unsigned i) { return expr(*c.args[i]); };
  auto argT = [&](unsigned i) { return typeOf(*c.args[i]); };

  if (name == "print") {
    print(c);
    return UndefValue::get(M.llvmType(t));
  }
  if (name == "time.perf_counter" || name == "time.time")
    return B.CreateCall(M.runtime("pj_perf_counter"), {});
  if (name == "len") {
    const Type *at = argT(0);
    Value *v = arg(0);
    if (at->isTuple()) return i64(static_cast<int64_t>(at->elts.size()));
    if (at->kind == typed::TypeKind::Builtin) return B.CreateCall(M.runtime("pj_argc"), {}); // sys.argv
    return arrayDim(v, 0);
  }
  if (name == "abs" && t->isArray()) return callArrayFunction(c, "np.abs");
  if (name == "abs") {
    Value *v = convert(arg(0), argT(0), t);
    if (isFloat(t->dtype)) return B.CreateUnaryIntrinsic(Intrinsic::fabs, v);
    if (!isSigned(t->dtype)) return v;
    return B.CreateBinaryIntrinsic(Intrinsic::abs, v, B.getFalse());
  }
  if (name == "min" || name == "max") {
    // Python keeps the first of equal values and compares with < / >.
    std::vector<std::pair<Value *, const Type *>> vals;
    if (c.args.size() == 1) {
      const Type *tt = argT(0);
      Value *tv = arg(0);
      for (unsigned i = 0; i < tt->elts.size(); ++i) vals.push_back({B.CreateExtractValue(tv, {i}), tt->elts[i]});
    } else {
      for (unsigned i = 0; i < c.args.size(); ++i) vals.push_back({arg(i), argT(i)});
    }
    Value *best = convert(vals[0].first, vals[0].second, t);
    for (size_t i = 1; i < vals.size(); ++i) {
      Value *v = convert(vals[i].first, vals[i].second, t);
      Value *better = compareOp(name == "min" ? ast::CmpOpKind::Lt : ast::CmpOpKind::Gt, v, t, best, t, nullptr, nullptr);
      best = B.CreateSelect(better, v, best);
    }
    return best;
  }
  if (name == "divmod") {
    const Type *et = t->elts[0];
    Value *a = arg(0), *b = arg(1);
    if (isFloat(et->dtype)) { // CPython's message for divmod of floats
      Value *bf = convert(b, argT(1), et);
      raiseIf(B.CreateFCmpOEQ(bf, ConstantFP::get(bf->getType(), 0.0)), c.loc,
              [&] { raiseMsg(PJ_EXC_ZERO_DIVISION, "float divmod()"); });
    }
    Value *q = binop(ast::BinOpKind::FloorDiv, a, argT(0), b, argT(1), et, c.loc);
    Value *r = binop(ast::BinOpKind::Mod, a, argT(0), b, argT(1), et, c.loc);
    Value *tup = UndefValue::get(M.llvmType(t));
    return B.CreateInsertValue(B.CreateInsertValue(tup, q, {0}), r, {1});
  }
  if (name == "round") {
    const Type *at = argT(0);
    Value *v = arg(0);
    if (c.args.size() == 2) {
      Value *nd = convert(arg(1), argT(1), M.T.i64());
      if (!isFloat(at->dtype)) return convert(v, at, t); // round(int, n) for n >= 0
      Value *dv = toDType(v, at, DType::F64);
      return toDType(B.CreateCall(M.runtime("pj_round_f64"), {dv, nd}), M.T.f64(), t->dtype);
    }
    if (!isFloat(at->dtype)) return convert(v, at, t);
    Value *r = B.CreateUnaryIntrinsic(Intrinsic::roundeven, v);
    raiseIf(B.CreateFCmpUNO(v, v), c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "cannot convert float NaN to integer"); });
    raiseIf(B.CreateFCmpOGE(B.CreateUnaryIntrinsic(Intrinsic::fabs, r), ConstantFP::get(r->getType(), 9223372036854775808.0)),
            c.loc, [&] { raiseMsg(PJ_EXC_OVERFLOW, "cannot convert float infinity to integer (or it does not fit in int64)"); });
    return B.CreateFPToSI(r, B.getInt64Ty());
  }
  if (name.rfind("math.", 0) == 0) {
    std::string fn = name.substr(5);
    if (fn == "isnan" || fn == "isinf" || fn == "isfinite") {
      const Type *at = argT(0);
      Value *v = arg(0);
      if (!isFloat(at->dtype)) return B.getInt1(fn == "isfinite");
      if (fn == "isnan") return B.CreateFCmpUNO(v, v);
      Value *inf = ConstantFP::getInfinity(v->getType());
      Value *absv = B.CreateUnaryIntrinsic(Intrinsic::fabs, v);
      return fn == "isinf" ? B.CreateFCmpOEQ(absv, inf) : B.CreateFCmpONE(absv, inf);
    }
    std::vector<Value *> fargs;
    for (unsigned i = 0; i < c.args.size(); ++i) fargs.push_back(toDType(arg(i), argT(i), DType::F64));
    if (fn == "radians" || fn == "degrees") // CPython: x * (pi / 180.0), x * (180.0 / pi)
      return B.CreateFMul(fargs[0], ConstantFP::get(B.getDoubleTy(), fn == "radians" ? llvm::numbers::pi / 180.0 : 180.0 / llvm::numbers::pi));
    if (fn == "floor" || fn == "ceil" || fn == "trunc") {
      const Type *at = argT(0);
      if (isInt(at->dtype) || at->dtype == DType::Bool) return convert(arg(0), at, t);
      Value *v = fargs[0];
      Value *r = B.CreateUnaryIntrinsic(fn == "floor" ? Intrinsic::floor : fn == "ceil" ? Intrinsic::ceil : Intrinsic::trunc, v);
      raiseIf(B.CreateFCmpUNO(v, v), c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "cannot convert float NaN to integer"); });
      raiseIf(B.CreateFCmpOGE(B.CreateUnaryIntrinsic(Intrinsic::fabs, r), ConstantFP::get(r->getType(), 9223372036854775808.0)),
              c.loc, [&] { raiseMsg(PJ_EXC_OVERFLOW, "cannot convert float infinity to integer (or it does not fit in int64)"); });
      return B.CreateFPToSI(r, B.getInt64Ty());
    }
    // CPython's math module raises on a domain error where C returns nan.
    if (!S.fastmath && (fn == "sqrt" || fn == "log" || fn == "log2" || fn == "log10" || fn == "asin" || fn == "acos")) {
      for (Value *x : fargs) { // math.log(x, base) checks both
        Value *zero = ConstantFP::get(x->getType(), 0.0);
        Value *bad = fn == "sqrt" ? B.CreateFCmpOLT(x, zero)
                     : (fn == "asin" || fn == "acos")
                         ? B.CreateFCmpOGT(B.CreateUnaryIntrinsic(Intrinsic::fabs, x), ConstantFP::get(x->getType(), 1.0))
                         : B.CreateFCmpOLE(x, zero);
        raiseIf(bad, c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "math domain error"); });
      }
    }
    if (fn == "log" && fargs.size() == 2) { // CPython: log(x) / log(base)
      Value *num = B.CreateUnaryIntrinsic(Intrinsic::log, fargs[0]);
      Value *den = B.CreateUnaryIntrinsic(Intrinsic::log, fargs[1]);
      if (!S.fastmath) cast<CallInst>(num)->addFnAttr(Attribute::NoBuiltin), cast<CallInst>(den)->addFnAttr(Attribute::NoBuiltin);
      if (!S.fastmath)
        raiseIf(B.CreateFCmpOEQ(den, ConstantFP::get(den->getType(), 0.0)), c.loc,
                [&] { raiseMsg(PJ_EXC_ZERO_DIVISION, "float division by zero"); });
      return B.CreateFDiv(num, den);
    }
    // math.* gives libm's bits, as in CPython: outside fastmath, the call is
    // nobuiltin, which keeps the vectorizer from swapping in libmvec's
    // variants (up to 4 ulp off); with fastmath they may vectorize.
    auto libmBits = [&](Value *v) {
      if (auto *ci = dyn_cast<CallInst>(v); ci && !S.fastmath) ci->addFnAttr(Attribute::NoBuiltin);
      return v;
    };
    if (fn == "pow") return libmBits(B.CreateBinaryIntrinsic(Intrinsic::pow, fargs[0], fargs[1]));
    if (fn == "copysign") return B.CreateBinaryIntrinsic(Intrinsic::copysign, fargs[0], fargs[1]);
    if (fn == "fmod") return B.CreateFRem(fargs[0], fargs[1]);
    if (auto id = mathIntrinsic(fn)) return libmBits(B.CreateUnaryIntrinsic(*id, fargs[0]));
    // The rest are libm functions of doubles; they touch no memory we read.
    // math.gamma is C's tgamma (glibc's `gamma` is lgamma); CPython raises
    // at the poles of both and where the result overflows.
    bool gammaFn = fn == "gamma" || fn == "lgamma";
    if (gammaFn && !S.fastmath) {
      Value *x = fargs[0];
      Value *pole = B.CreateAnd(B.CreateFCmpOLE(x, ConstantFP::get(x->getType(), 0.0)),
                                B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::floor, x), x));
      raiseIf(pole, c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "math domain error"); });
    }
    std::vector<llvm::Type *> ptys(fargs.size(), B.getDoubleTy());
    FunctionCallee f = M.mod.getOrInsertFunction(fn == "gamma" ? "tgamma" : fn,
                                                 FunctionType::get(B.getDoubleTy(), ptys, false));
    if (auto *fd = dyn_cast<Function>(f.getCallee())) {
      fd->setDoesNotThrow();
      fd->setWillReturn();
      fd->setMemoryEffects(MemoryEffects::none());
    }
    Value *r = libmBits(B.CreateCall(f, fargs));
    if (gammaFn && !S.fastmath) {
      auto *inf = ConstantFP::getInfinity(r->getType());
      Value *finiteX = B.CreateFCmpONE(B.CreateUnaryIntrinsic(Intrinsic::fabs, fargs[0]), inf);
      Value *overflow = B.CreateAnd(finiteX, B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::fabs, r), inf));
      raiseIf(overflow, c.loc, [&] { raiseMsg(PJ_EXC_OVERFLOW, "math range error"); });
    }
    return r;
  }
  if (name == "np.empty" || name == "np.zeros" || name == "np.ones" || name == "np.full") {
    const ast::Expr *shapeE = typed::argOrKeyword(c, 0, "shape");
    const Type *st = typeOf(*shapeE);
    Value *sv = expr(*shapeE);
    std::vector<Value *> shape;
    if (st->isTuple())
      for (unsigned k = 0; k < st->elts.size(); ++k)
        shape.push_back(convert(B.CreateExtractValue(sv, {k}), st->elts[k], M.T.i64()));
    else
      shape.push_back(convert(sv, st, M.T.i64()));
    DType d = t->dtype;
    Value *fill = nullptr;
    if (name == "np.ones") fill = toDType(B.getInt1(true), M.T.boolTy(), d);
    if (name == "np.full") {
      const ast::Expr *fillE = typed::argOrKeyword(c, 1, "fill_value");
      fill = toDType(expr(*fillE), typeOf(*fillE), d);
    }
    Value *arr = allocArray(d, shape, c.loc, name == "np.zeros");
    if (fill) {
      Value *n = i64(1);
      for (Value *s : shape) n = B.CreateMul(n, s);
      BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("fill"), *done = newBlock("fill.done");
      B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
      B.SetInsertPoint(loop);
      PHINode *i = B.CreatePHI(B.getInt64Ty(), 2);
      i->addIncoming(i64(0), pre);
      storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(arr), i), fill, d);
      Value *next = B.CreateAdd(i, i64(1), "", true, true);
      i->addIncoming(next, loop);
      B.CreateCondBr(B.CreateICmpSLT(next, n), loop, done);
      B.SetInsertPoint(done);
    }
    return arr;
  }
  if (name == "np.arange") {
    DType d = t->dtype;
    bool anyFloat = false;
    for (unsigned i = 0; i < c.args.size(); ++i) anyFloat |= isFloat(argT(i)->dtype);
    bool floatMath = anyFloat || isFloat(d);
    DType md = floatMath ? DType::F64 : DType::I64;
    const Type *mt = M.T.scalar(md);
    std::vector<Value *> a;
    for (unsigned i = 0; i < c.args.size(); ++i) a.push_back(convert(arg(i), argT(i), mt));
    Value *zero = floatMath ? ConstantFP::get(B.getDoubleTy(), 0.0) : i64(0);
    Value *one = floatMath ? ConstantFP::get(B.getDoubleTy(), 1.0) : i64(1);
    Value *start = a.size() >= 2 ? a[0] : zero;
    Value *stop = a.size() >= 2 ? a[1] : a[0];
    Value *step = a.size() == 3 ? a[2] : one;
    Value *n;
    if (floatMath) {
      raiseIf(B.CreateFCmpOEQ(step, zero), c.loc, [&] { raiseMsg(PJ_EXC_ZERO_DIVISION, "float division by zero"); });
      Value *len = B.CreateUnaryIntrinsic(Intrinsic::ceil, B.CreateFDiv(B.CreateFSub(stop, start), step));
      raiseIf(B.CreateFCmpUNO(len, len), c.loc, [&] { raiseMsg(PJ_EXC_VALUE, "arange: cannot compute length"); });
      len = B.CreateSelect(B.CreateFCmpOLT(len, zero), zero, len);
      n = B.CreateFPToSI(len, B.getInt64Ty());
    } else {
      raiseIf(B.CreateICmpEQ(step, i64(0)), c.loc, [&] { raiseMsg(PJ_EXC_ZERO_DIVISION, "division by zero"); });
      // ceil((stop - start) / step), clamped at 0
      Value *span = B.CreateSub(stop, start);
      Value *pos = B.CreateICmpSGT(step, i64(0));
      Value *adj = B.CreateSelect(pos, B.CreateSub(step, i64(1)), B.CreateAdd(step, i64(1)));
      Value *len = B.CreateSDiv(B.CreateAdd(span, adj), step);
      n = B.CreateSelect(B.CreateICmpSLT(len, i64(0)), i64(0), len);
    }
    Value *arr = allocArray(d, {n}, c.loc, false);
    // NumPy fills start + i * delta, with delta = (start + step) - start.
    Value *delta = floatMath ? B.CreateFSub(B.CreateFAdd(start, step), start) : step;
    BasicBlock *pre = B.GetInsertBlock(), *loop = newBlock("arange"), *done = newBlock("arange.done");
    B.CreateCondBr(B.CreateICmpSGT(n, i64(0)), loop, done);
    B.SetInsertPoint(loop);
    PHINode *i = B.CreatePHI(B.getInt64Ty(), 2);
    i->addIncoming(i64(0), pre);
    Value *v = floatMath ? B.CreateFAdd(start, B.CreateFMul(B.CreateSIToFP(i, B.getDoubleTy()), delta))
                         : B.CreateAdd(start, B.CreateMul(i, delta));
    storeElement(B.CreateInBoundsGEP(M.memType(d), arrayData(arr), i), toDType(v, mt, d), d);
    Value *next = B.CreateAdd(i, i64(1), "", true, true);
    i->addIncoming(next, loop);
    B.CreateCondBr(B.CreateICmpSLT(next, n), loop, done);
    B.SetInsertPoint(done);
    return arr;
  }
  report_fatal_error(Twine("parjit: internal error: no code generation for builtin ") + name);
}

} // namespace parjit::codegen
