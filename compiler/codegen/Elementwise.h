// The element-wise expression emitter shared by emit_array.cpp (operators,
// ufuncs, assignment into views) and emit_reduce.cpp (reductions): one tree
// of operators and ufuncs over arrays and scalars, its leaves, its broadcast
// shape, and the code for one element.
#pragma once
#include "codegen/FunctionEmitter.h"
#include "typed/ArrayOps.h"
#include "llvm/Support/Casting.h"
#include <cmath>
#include <map>

namespace parjit::codegen {

using namespace llvm;
using llvm::Value;
using llvm::IRBuilder;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;
using typed::findUfunc;
using typed::isFloat;
using typed::isInt;
using typed::isSigned;
using typed::UfuncKind;

/// The name of the ufunc `e` calls (np.sqrt -> "sqrt"), or "".
inline std::string ufuncName(const FunctionEmitter &fe, const ast::Expr &e) {
  auto *c = dyn_cast<ast::Call>(&e);
  if (!c) return "";
  const Type *ft = fe.S.typeOf(c->func.get());
  if (ft && ft->kind == typed::TypeKind::Builtin && ft->name == "abs" && fe.S.typeOf(c)->isArray())
    return "abs"; // abs(array) is np.abs
  if (!ft || ft->kind != typed::TypeKind::Builtin || ft->name.rfind("np.", 0) != 0) return "";
  std::string n = ft->name.substr(3);
  return findUfunc(n) ? n : "";
}

/// One element-wise expression tree: its leaves, its shape, and the code
/// that computes one element.
class Elementwise {
public:
  struct Leaf {
    const Type *type;
    Value *value;                  // the scalar, or the array descriptor
    std::vector<Value *> estrides; // array: byte strides per output axis (0 where broadcast)
  };

  Elementwise(FunctionEmitter &fe, const ast::Expr &root) : F(fe), B(fe.B), root(root) {}

  /// Evaluates the leaves, in Python's order.
  void collect() { collect(root); }
  /// Uses given values for the leaves (in collect's order): a copy of the
  /// tree in another function.
  void bind(const std::vector<Value *> &values) {
    leafOrder.clear();
    bindIdx = 0;
    bindValues = &values;
    collect(root);
    bindValues = nullptr;
  }
  std::vector<Value *> leafValues() const {
    std::vector<Value *> v;
    for (const ast::Expr *e : leafOrder) v.push_back(leaves.at(e).value);
    return v;
  }
  std::vector<const Type *> leafTypes() const {
    std::vector<const Type *> v;
    for (const ast::Expr *e : leafOrder) v.push_back(leaves.at(e).type);
    return v;
  }

  /// The broadcast shape of the tree (raises NumPy's ValueError when operands
  /// do not broadcast), which becomes the output shape.
  std::vector<Value *> shape(SourceLoc loc) {
    std::vector<Value *> s = shapeOf(root, loc);
    setOutput(s);
    return s;
  }
  std::vector<Value *> computeShape(SourceLoc loc) { return shapeOf(root, loc); }
  /// Computes into an output of this shape (the tree's shape broadcast to
  /// it): the per-leaf strides, 0 along broadcast axes.
  void setOutput(const std::vector<Value *> &shape) {
    out = shape;
    for (auto &[e, leaf] : leaves)
      if (leaf.type->isArray()) {
        leaf.estrides.assign(out.size(), F.i64(0));
        int r = leaf.type->ndim, nd = static_cast<int>(out.size());
        for (int j = 0; j < r; ++j) {
          Value *dim = F.arrayDim(leaf.value, j);
          leaf.estrides[nd - r + j] = B.CreateSelect(B.CreateICmpEQ(dim, F.i64(1)), F.i64(0), F.arrayStride(leaf.value, j));
        }
      }
  }
  /// Every array leaf is C-contiguous by type (so one flat index may serve
  /// them all when their shapes equal the result's).
  bool staticFlat() const {
    for (auto &[e, leaf] : leaves)
      if (leaf.type->isArray() && !leaf.type->contiguous) return false;
    return true;
  }
  /// At run time: every array leaf has unit stride along the result's last
  /// axis (so element() may index it as consecutive elements; unitInner).
  Value *runtimeUnitInner() {
    Value *ok = B.getTrue();
    for (auto &[e, leaf] : leaves)
      if (leaf.type->isArray() && !leaf.estrides.empty())
        ok = B.CreateAnd(ok, B.CreateICmpEQ(leaf.estrides.back(), F.i64(typed::byteSize(leaf.type->dtype))));
    return ok;
  }
  const ast::Expr &rootExpr() const { return root; }
  /// element() may take the last index as a unit-stride one (see runtimeUnitInner).
  bool unitInner = false;

  /// At run time: every array leaf has exactly the result's shape.
  Value *runtimeFlat() {
    Value *ok = B.getTrue();
    for (auto &[e, leaf] : leaves) {
      if (!leaf.type->isArray()) continue;
      if (leaf.type->ndim != static_cast<int>(out.size())) return B.getFalse();
      for (int k = 0; k < leaf.type->ndim; ++k) ok = B.CreateAnd(ok, B.CreateICmpEQ(F.arrayDim(leaf.value, k), out[k]));
    }
    return ok;
  }

  /// The element of `e` at a flat C-order index (flat mode) or at the
  /// multi-index `idx` of the result (nested mode), and its dtype.
  Value *element(const ast::Expr &e, DType &d, Value *flat, const std::vector<Value *> &idx) {
    if (auto it = leaves.find(&e); it != leaves.end()) {
      Leaf &leaf = it->second;
      d = leaf.type->dtype;
      if (!leaf.type->isArray()) return leaf.value;
      Value *ptr;
      if (flat) {
        ptr = B.CreateInBoundsGEP(F.M.memType(d), F.arrayData(leaf.value), flat);
      } else {
        size_t strided = unitInner && !idx.empty() ? idx.size() - 1 : idx.size();
        Value *off = F.i64(0);
        for (size_t k = 0; k < strided; ++k) off = B.CreateAdd(off, B.CreateMul(idx[k], leaf.estrides[k]));
        ptr = B.CreateInBoundsGEP(B.getInt8Ty(), F.arrayData(leaf.value), off);
        if (strided < idx.size()) ptr = B.CreateInBoundsGEP(F.M.memType(d), ptr, idx.back());
      }
      return F.loadElement(ptr, d);
    }
    const Type *t = F.typeOf(e);
    d = t->dtype;
    switch (e.kind) {
    case ast::ExprKind::BinOp: {
      auto &b = cast<ast::BinOp>(e);
      DType ld, rd;
      Value *l = element(*b.lhs, ld, flat, idx), *r = element(*b.rhs, rd, flat, idx);
      return binop(b.op, l, ld, r, rd, d);
    }
    case ast::ExprKind::UnaryOp: {
      auto &u = cast<ast::UnaryOp>(e);
      DType od;
      Value *v = element(*u.operand, od, flat, idx);
      v = F.toDType(v, F.M.T.scalar(od), d);
      if (u.op == ast::UnaryOpKind::Neg) return isFloat(d) ? B.CreateFNeg(v) : B.CreateNeg(v);
      if (u.op == ast::UnaryOpKind::Invert) return B.CreateNot(v); // ~bool is logical not, ~int bitwise
      return v;
    }
    case ast::ExprKind::Compare: {
      auto &c = cast<ast::Compare>(e);
      DType ld, rd;
      Value *l = element(*c.left, ld, flat, idx), *r = element(*c.comparators[0], rd, flat, idx);
      const Type *lt = F.typeOf(*c.left), *rt = F.typeOf(*c.comparators[0]);
      DType cd = typed::operandDType(ld, lt->isArray(), rd, rt->isArray());
      auto known = [&](const ast::Expr &x) { return F.S.scalarOperandDTypes.find(&x); };
      if (auto k = known(*c.left); k != F.S.scalarOperandDTypes.end()) cd = promote(k->second, rd);
      else if (auto k = known(*c.comparators[0]); k != F.S.scalarOperandDTypes.end()) cd = promote(ld, k->second);
      else if (lt->isArray() != rt->isArray() && isInt(ld) && isInt(rd))
        cd = promote(ld, rd); // an int known only at run time: compared exactly, whatever its value
      const Type *ct = F.M.T.scalar(cd);
      return F.compareOp(c.ops[0], F.toDType(l, F.M.T.scalar(ld), cd), ct, F.toDType(r, F.M.T.scalar(rd), cd), ct,
                         nullptr, nullptr);
    }
    case ast::ExprKind::Call: return ufunc(cast<ast::Call>(e), d, flat, idx);
    default: break;
    }
    report_fatal_error("parjit: internal error: not an element-wise expression");
  }

  std::vector<Value *> out; // the result's shape

  Value *binopPublic(ast::BinOpKind op, Value *l, DType ld, Value *r, DType rd, DType d) { return binop(op, l, ld, r, rd, d); }

private:
  FunctionEmitter &F;
  IRBuilder<> &B;
  const ast::Expr &root;
  std::map<const ast::Expr *, Leaf> leaves;
  std::vector<const ast::Expr *> leafOrder;
  const std::vector<Value *> *bindValues = nullptr;
  size_t bindIdx = 0;

  std::vector<const ast::Expr *> operands(const ast::Expr &e) const {
    std::vector<const ast::Expr *> ops;
    if (auto *b = dyn_cast<ast::BinOp>(&e)) ops = {b->lhs.get(), b->rhs.get()};
    else if (auto *u = dyn_cast<ast::UnaryOp>(&e)) ops = {u->operand.get()};
    else if (auto *c = dyn_cast<ast::Compare>(&e)) ops = {c->left.get(), c->comparators[0].get()};
    else if (auto *c = dyn_cast<ast::Call>(&e)) for (auto &a : c->args) ops.push_back(a.get());
    return ops;
  }

  void collect(const ast::Expr &e) {
    // The root is an operation even when it is a ufunc of scalars.
    if ((&e == &root && !ufuncName(F, e).empty()) || F.isElementwise(e)) {
      for (const ast::Expr *o : operands(e)) collect(*o);
      return;
    }
    leafOrder.push_back(&e);
    Value *v = bindValues ? (*bindValues)[bindIdx++] : F.expr(e);
    leaves[&e] = {F.typeOf(e), v, {}};
  }

  std::vector<Value *> shapeOf(const ast::Expr &e, SourceLoc loc) {
    if (auto it = leaves.find(&e); it != leaves.end()) {
      std::vector<Value *> s;
      if (it->second.type->isArray())
        for (int k = 0; k < it->second.type->ndim; ++k) s.push_back(F.arrayDim(it->second.value, k));
      return s;
    }
    std::vector<std::vector<Value *>> kids;
    for (const ast::Expr *o : operands(e)) kids.push_back(shapeOf(*o, loc));
    size_t nd = 0;
    for (auto &k : kids) nd = std::max(nd, k.size());
    std::vector<Value *> res(nd);
    Value *bad = B.getFalse();
    for (size_t ax = 0; ax < nd; ++ax) {
      Value *o = F.i64(1);
      for (auto &k : kids) {
        if (ax + k.size() < nd) continue; // this operand has no such axis: broadcast
        Value *d = k[ax + k.size() - nd];
        Value *d1 = B.CreateICmpNE(d, F.i64(1)), *o1 = B.CreateICmpNE(o, F.i64(1));
        bad = B.CreateOr(bad, B.CreateAnd(B.CreateAnd(d1, o1), B.CreateICmpNE(d, o)));
        o = B.CreateSelect(d1, d, o);
      }
      res[ax] = o;
    }
    if (nd) {
      F.raiseIf(bad, e.loc.valid() ? e.loc : loc, [&] {
        // NumPy's message lists every operand's shape.
        size_t total = 0;
        for (auto &k : kids) total += k.size();
        IRBuilder<> eb(&F.F->getEntryBlock(), F.F->getEntryBlock().begin());
        Value *ndims = eb.CreateAlloca(B.getInt64Ty(), F.i64(static_cast<int64_t>(kids.size())));
        Value *dims = eb.CreateAlloca(B.getInt64Ty(), F.i64(static_cast<int64_t>(std::max<size_t>(total, 1))));
        size_t at = 0;
        for (size_t i = 0; i < kids.size(); ++i) {
          B.CreateStore(F.i64(static_cast<int64_t>(kids[i].size())), B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), ndims, i));
          for (Value *d : kids[i]) B.CreateStore(d, B.CreateConstInBoundsGEP1_64(B.getInt64Ty(), dims, at++));
        }
        B.CreateCall(F.M.runtime("pj_raise_broadcast"), {B.getInt32(static_cast<int32_t>(kids.size())), ndims, dims});
      });
    }
    return res;
  }

  Value *conv(Value *v, DType from, DType to) { return F.toDType(v, F.M.T.scalar(from), to); }

  /// NumPy's arithmetic on one element: no exceptions (x // 0 is 0, 1.0 / 0.0 is inf).
  Value *binop(ast::BinOpKind op, Value *l, DType ld, Value *r, DType rd, DType d) {
    using K = ast::BinOpKind;
    Value *a = conv(l, ld, d), *b = conv(r, rd, d);
    llvm::Type *ty = a->getType();
    if (isFloat(d)) {
      switch (op) {
      case K::Add: return B.CreateFAdd(a, b);
      case K::Sub: return B.CreateFSub(a, b);
      case K::Mul: return B.CreateFMul(a, b);
      case K::Div: return B.CreateFDiv(a, b);
      case K::Pow: return B.CreateBinaryIntrinsic(Intrinsic::pow, a, b);
      case K::FloorDiv: case K::Mod: {
        // npy_divmod: mod = fmod(a, b), fixed up to take b's sign; div from it.
        Value *zero = ConstantFP::get(ty, 0.0);
        Value *mod = B.CreateFRem(a, b);
        Value *div = B.CreateFDiv(B.CreateFSub(a, mod), b);
        Value *fix = B.CreateAnd(B.CreateFCmpUNE(mod, zero), B.CreateXor(B.CreateFCmpOLT(b, zero), B.CreateFCmpOLT(mod, zero)));
        mod = B.CreateSelect(fix, B.CreateFAdd(mod, b), B.CreateSelect(B.CreateFCmpOEQ(mod, zero),
                                                                        B.CreateBinaryIntrinsic(Intrinsic::copysign, zero, b), mod));
        div = B.CreateSelect(fix, B.CreateFSub(div, ConstantFP::get(ty, 1.0)), div);
        if (op == K::Mod) return B.CreateSelect(B.CreateFCmpOEQ(b, zero), B.CreateFRem(a, b), mod);
        Value *fl = B.CreateUnaryIntrinsic(Intrinsic::floor, div);
        fl = B.CreateSelect(B.CreateFCmpOGT(B.CreateFSub(div, fl), ConstantFP::get(ty, 0.5)),
                            B.CreateFAdd(fl, ConstantFP::get(ty, 1.0)), fl);
        Value *q = B.CreateSelect(B.CreateFCmpUNE(div, zero), fl,
                                  B.CreateBinaryIntrinsic(Intrinsic::copysign, zero, B.CreateFDiv(a, b)));
        return B.CreateSelect(B.CreateFCmpOEQ(b, zero), B.CreateFDiv(a, b), q);
      }
      default: break;
      }
    } else {
      bool sgn = isSigned(d);
      unsigned bits = ty->getIntegerBitWidth();
      switch (op) {
      case K::Add: return d == DType::Bool ? B.CreateOr(a, b) : B.CreateAdd(a, b); // bool arrays: logical or
      case K::Sub: return B.CreateSub(a, b);
      case K::Mul: return d == DType::Bool ? B.CreateAnd(a, b) : B.CreateMul(a, b); // bool arrays: logical and
      case K::BitAnd: return B.CreateAnd(a, b);
      case K::BitOr: return B.CreateOr(a, b);
      case K::BitXor: return B.CreateXor(a, b);
      case K::LShift: case K::RShift: {
        Value *big = B.CreateICmpUGE(b, ConstantInt::get(ty, bits));
        Value *safe = B.CreateSelect(big, ConstantInt::get(ty, 0), b);
        if (op == K::LShift) return B.CreateSelect(big, ConstantInt::get(ty, 0), B.CreateShl(a, safe));
        if (sgn) return B.CreateAShr(a, B.CreateSelect(big, ConstantInt::get(ty, bits - 1), b));
        return B.CreateSelect(big, ConstantInt::get(ty, 0), B.CreateLShr(a, safe));
      }
      case K::FloorDiv: case K::Mod: {
        // Division by zero gives 0, as NumPy's does (with a warning there).
        Value *zero = ConstantInt::get(ty, 0), *one = ConstantInt::get(ty, 1);
        Value *bz = B.CreateICmpEQ(b, zero);
        Value *bs = B.CreateSelect(bz, one, b);
        if (!sgn) {
          Value *q = op == K::Mod ? B.CreateURem(a, bs) : B.CreateUDiv(a, bs);
          return B.CreateSelect(bz, zero, q);
        }
        Value *minus1 = B.CreateICmpEQ(bs, ConstantInt::getSigned(ty, -1));
        bs = B.CreateSelect(minus1, one, bs);
        Value *q = B.CreateSDiv(a, bs), *rem = B.CreateSRem(a, bs);
        Value *fix = B.CreateAnd(B.CreateICmpNE(rem, zero), B.CreateICmpSLT(B.CreateXor(rem, b), zero));
        if (op == K::Mod) return B.CreateSelect(B.CreateOr(bz, minus1), zero, B.CreateSelect(fix, B.CreateAdd(rem, b), rem));
        Value *qq = B.CreateSelect(fix, B.CreateSub(q, one), q);
        return B.CreateSelect(bz, zero, B.CreateSelect(minus1, B.CreateNeg(a), qq));
      }
      case K::Pow: {
        Value *a64 = sgn ? B.CreateSExt(a, B.getInt64Ty()) : B.CreateZExt(a, B.getInt64Ty());
        Value *b64 = sgn ? B.CreateSExt(b, B.getInt64Ty()) : B.CreateZExt(b, B.getInt64Ty());
        return B.CreateTrunc(B.CreateCall(F.M.runtime("pj_pow_i64"), {a64, b64}), ty);
      }
      default: break;
      }
    }
    report_fatal_error("parjit: internal error: bad element-wise operator");
  }

  Value *mathCall(const char *name, Value *x, Value *y = nullptr) {
    llvm::Type *ty = x->getType();
    std::string n = name;
    if (n == "deg2rad") return B.CreateFMul(x, ConstantFP::get(ty, M_PI / 180.0));
    if (n == "rad2deg") return B.CreateFMul(x, ConstantFP::get(ty, 180.0 / M_PI));
    if (n == "erf" || n == "erfc") { // scipy.special: computed in double, as scipy does
      Value *r = B.CreateCall(F.M.runtime(n == "erf" ? "pj_special_erf" : "pj_special_erfc"),
                              {B.CreateFPExt(x, B.getDoubleTy())});
      return B.CreateFPTrunc(r, ty);
    }
    static const std::map<std::string, Intrinsic::ID> intrinsics = {
        {"sqrt", Intrinsic::sqrt}, {"exp", Intrinsic::exp},   {"exp2", Intrinsic::exp2}, {"log", Intrinsic::log},
        {"log2", Intrinsic::log2}, {"log10", Intrinsic::log10}, {"sin", Intrinsic::sin}, {"cos", Intrinsic::cos},
        {"tan", Intrinsic::tan},   {"fabs", Intrinsic::fabs},  {"floor", Intrinsic::floor}, {"ceil", Intrinsic::ceil},
        {"trunc", Intrinsic::trunc}, {"rint", Intrinsic::roundeven}, {"copysign", Intrinsic::copysign}};
    if (auto it = intrinsics.find(n); it != intrinsics.end())
      return y ? B.CreateBinaryIntrinsic(it->second, x, y) : B.CreateUnaryIntrinsic(it->second, x);
    // libm, in the float or double version; it touches no memory we read.
    std::string fn = ty->isFloatTy() ? n + "f" : n;
    std::vector<llvm::Type *> ps(y ? 2 : 1, ty);
    FunctionCallee f = F.M.mod.getOrInsertFunction(fn, FunctionType::get(ty, ps, false));
    if (auto *fd = dyn_cast<Function>(f.getCallee())) {
      fd->setDoesNotThrow();
      fd->setWillReturn();
      fd->setMemoryEffects(MemoryEffects::none());
    }
    return y ? B.CreateCall(f, {x, y}) : B.CreateCall(f, {x});
  }

  /// NumPy's minimum/maximum propagate NaN; fmin/fmax ignore it.
  Value *minmax(bool isMin, bool ignoreNan, Value *a, Value *b, DType d) {
    if (!isFloat(d)) {
      bool sgn = isSigned(d);
      return B.CreateBinaryIntrinsic(isMin ? (sgn ? Intrinsic::smin : Intrinsic::umin) : (sgn ? Intrinsic::smax : Intrinsic::umax), a, b);
    }
    // NumPy's minimum/maximum/fmin/fmax on x86 keep b when the two are
    // equal (-0.0 and 0.0 included).
    Value *le = isMin ? B.CreateFCmpOLT(a, b) : B.CreateFCmpOGT(a, b);
    Value *pickA = ignoreNan ? B.CreateOr(le, B.CreateFCmpUNO(b, b)) : B.CreateOr(le, B.CreateFCmpUNO(a, a));
    return B.CreateSelect(pickA, a, b);
  }

  Value *ufunc(const ast::Call &c, DType &d, Value *flat, const std::vector<Value *> &idx) {
    const typed::Ufunc &u = *findUfunc(ufuncName(F, c));
    std::vector<Value *> a;
    std::vector<DType> ad;
    for (auto &arg : c.args) {
      DType x;
      a.push_back(element(*arg, x, flat, idx));
      ad.push_back(x);
    }
    d = F.typeOf(c)->dtype;
    switch (u.kind) {
    case UfuncKind::FloatMath: return mathCall(u.llvmName, conv(a[0], ad[0], d));
    case UfuncKind::Rounding: return mathCall(u.llvmName, conv(a[0], ad[0], d));
    case UfuncKind::Abs: {
      Value *v = conv(a[0], ad[0], d);
      if (isFloat(d)) return B.CreateUnaryIntrinsic(Intrinsic::fabs, v);
      if (d == DType::Bool || !isSigned(d)) return v;
      return B.CreateBinaryIntrinsic(Intrinsic::abs, v, B.getFalse());
    }
    case UfuncKind::Negative: {
      Value *v = conv(a[0], ad[0], d);
      if (std::string(ufuncName(F, c)) == "positive") return v;
      return isFloat(d) ? B.CreateFNeg(v) : B.CreateNeg(v);
    }
    case UfuncKind::Sign: {
      Value *v = conv(a[0], ad[0], d);
      llvm::Type *ty = v->getType();
      if (isFloat(d)) {
        Value *zero = ConstantFP::get(ty, 0.0);
        Value *s = B.CreateSelect(B.CreateFCmpOGT(v, zero), ConstantFP::get(ty, 1.0),
                                  B.CreateSelect(B.CreateFCmpOLT(v, zero), ConstantFP::get(ty, -1.0), zero));
        return B.CreateSelect(B.CreateFCmpUNO(v, v), v, s);
      }
      if (d == DType::Bool) return v;
      Value *zero = ConstantInt::get(ty, 0);
      Value *pos = B.CreateZExt(isSigned(d) ? B.CreateICmpSGT(v, zero) : B.CreateICmpUGT(v, zero), ty);
      Value *neg = isSigned(d) ? B.CreateZExt(B.CreateICmpSLT(v, zero), ty) : zero;
      return B.CreateSub(pos, neg);
    }
    case UfuncKind::Predicate: {
      if (!isFloat(ad[0])) return B.getInt1(std::string(u.llvmName) == "isfinite");
      Value *v = a[0];
      if (std::string(u.llvmName) == "isnan") return B.CreateFCmpUNO(v, v);
      Value *absv = B.CreateUnaryIntrinsic(Intrinsic::fabs, v), *inf = ConstantFP::getInfinity(v->getType());
      return std::string(u.llvmName) == "isinf" ? B.CreateFCmpOEQ(absv, inf) : B.CreateFCmpONE(absv, inf);
    }
    case UfuncKind::LogicalNot: return B.CreateNot(conv(a[0], ad[0], DType::Bool));
    case UfuncKind::Logical: {
      Value *x = conv(a[0], ad[0], DType::Bool), *y = conv(a[1], ad[1], DType::Bool);
      std::string n = u.llvmName;
      return n == "and" ? B.CreateAnd(x, y) : n == "or" ? B.CreateOr(x, y) : B.CreateXor(x, y);
    }
    case UfuncKind::Arith: return binop(u.op, a[0], ad[0], a[1], ad[1], d);
    case UfuncKind::FloatBinary: return mathCall(u.llvmName, conv(a[0], ad[0], d), conv(a[1], ad[1], d));
    case UfuncKind::MinMax: {
      std::string n = u.llvmName;
      return minmax(n == "minimum" || n == "fmin", n[0] == 'f', conv(a[0], ad[0], d), conv(a[1], ad[1], d), d);
    }
    case UfuncKind::Where: return B.CreateSelect(conv(a[0], ad[0], DType::Bool), conv(a[1], ad[1], d), conv(a[2], ad[2], d));
    case UfuncKind::Clip: {
      Value *lo = minmax(false, false, conv(a[0], ad[0], d), conv(a[1], ad[1], d), d);
      return minmax(true, false, lo, conv(a[2], ad[2], d), d);
    }
    }
    report_fatal_error("parjit: internal error: bad ufunc");
  }
};


} // namespace parjit::codegen
