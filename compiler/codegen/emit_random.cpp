// np.random: calls into the runtime's copy of NumPy's legacy RandomState
// (runtime/random.cpp), which draws the very numbers NumPy draws for the
// same seed. A size= argument fills a new array in one call, in NumPy's order.
#include "codegen/FunctionEmitter.h"
#include "llvm/Support/Casting.h"

using namespace llvm;

namespace parjit::codegen {

Value *FunctionEmitter::callRandom(const ast::Call &c, const std::string &fn) {
  const Type *t = typeOf(c);
  auto failed = [&] { checkFailed(B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0)), c.loc); };
  if (fn == "seed") {
    B.CreateCall(M.runtime("pj_random_seed"), {convert(expr(*c.args[0]), typeOf(*c.args[0]), M.T.i64())});
    failed();
    return UndefValue::get(M.llvmType(t));
  }
  // The parameters, by position or keyword (as typed::typeArrayCall checked).
  std::vector<std::string> params = fn == "uniform" ? std::vector<std::string>{"low", "high", "size"}
                                    : fn == "normal" ? std::vector<std::string>{"loc", "scale", "size"}
                                    : fn == "randint" ? std::vector<std::string>{"low", "high", "size", "dtype"}
                                                      : std::vector<std::string>{"size"};
  auto param = [&](const std::string &n) -> const ast::Expr * {
    for (size_t i = 0; i < params.size(); ++i)
      if (params[i] == n) {
        if (i < c.args.size()) return c.args[i].get();
        for (auto &k : c.keywords)
          if (k.name == n) return k.value.get();
        return nullptr;
      }
    return nullptr;
  };
  auto number = [&](const char *n, DType d, Value *dflt) -> Value * {
    const ast::Expr *e = param(n);
    if (!e || isa<ast::NoneLit>(e)) return dflt;
    return toDType(expr(*e), typeOf(*e), d);
  };
  // The shape: rand(d0, d1, ...) or size=n / size=(n, m).
  std::vector<Value *> shape;
  if (fn == "rand" || fn == "randn") {
    for (auto &a : c.args) shape.push_back(convert(expr(*a), typeOf(*a), M.T.i64()));
  } else if (const ast::Expr *s = param("size"); s && !isa<ast::NoneLit>(s)) {
    const Type *st = typeOf(*s);
    Value *sv = expr(*s);
    if (st->isTuple())
      for (unsigned k = 0; k < st->elts.size(); ++k) shape.push_back(convert(B.CreateExtractValue(sv, {k}), st->elts[k], M.T.i64()));
    else
      shape.push_back(convert(sv, st, M.T.i64()));
  }
  std::string kind = fn == "rand" || fn == "random_sample" ? "random" : fn == "randn" ? "standard_normal" : fn;
  std::vector<Value *> extra;
  if (kind == "uniform") extra = {number("low", DType::F64, ConstantFP::get(B.getDoubleTy(), 0.0)),
                                  number("high", DType::F64, ConstantFP::get(B.getDoubleTy(), 1.0))};
  if (kind == "normal") extra = {number("loc", DType::F64, ConstantFP::get(B.getDoubleTy(), 0.0)),
                                 number("scale", DType::F64, ConstantFP::get(B.getDoubleTy(), 1.0))};
  if (kind == "randint") {
    // randint(n) draws from [0, n); randint(lo, hi) from [lo, hi).
    Value *lo = number("low", DType::I64, nullptr), *hi = number("high", DType::I64, nullptr);
    extra = hi ? std::vector<Value *>{lo, hi} : std::vector<Value *>{i64(0), lo};
  }
  if (shape.empty()) {
    Value *v = B.CreateCall(M.runtime(("pj_random_" + kind).c_str()), extra);
    if (!extra.empty()) failed();
    return v;
  }
  Value *out = allocArray(t->dtype, shape, c.loc, false);
  std::vector<Value *> args{arrayData(out), shapeCount(shape)};
  args.insert(args.end(), extra.begin(), extra.end());
  B.CreateCall(M.runtime(("pj_random_fill_" + kind).c_str()), args);
  if (!extra.empty()) {
    // The array is not yet the statement's: release it if the call raised.
    Value *bad = B.CreateICmpNE(B.CreateCall(M.runtime("pj_failed")), B.getInt32(0));
    BasicBlock *fail = newBlock("random.fail"), *ok = newBlock("random.ok");
    B.CreateCondBr(bad, fail, ok);
    B.SetInsertPoint(fail);
    B.CreateCall(M.runtime("pj_decref"), {B.CreateExtractValue(out, {0})});
    B.CreateBr(ok);
    B.SetInsertPoint(ok);
    failed();
  }
  return out;
}

} // namespace parjit::codegen
