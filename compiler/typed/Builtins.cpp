#include "typed/Builtins.h"
#include "typed/ArrayOps.h"
#include "llvm/Support/Casting.h"
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

using namespace llvm;

namespace parjit::typed {

static const std::set<std::string> unaryMath = {
    "sqrt", "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
    "sinh", "cosh", "tanh", "erf", "erfc", "fabs", "expm1", "log1p", "asinh", "acosh", "atanh", "gamma", "lgamma"};

bool isUnaryMath(const std::string &name) {
  return name.rfind("math.", 0) == 0 && unaryMath.count(name.substr(5));
}

/// np.* functions on arrays besides ufuncs and reductions.
static const std::set<std::string> npArrayFunctions = {
    "empty_like", "zeros_like", "ones_like", "full_like", "copy", "ascontiguousarray", "linspace", "dot",
    "copyto", "reshape", "ravel", "transpose", "cumsum", "amin", "amax", "array", "asarray", "concatenate",
    "stack", "vstack", "hstack", "save", "load", "nonzero"};

/// np.random's functions: NumPy's legacy global RandomState.
static const std::set<std::string> randomFunctions = {"seed",  "random", "random_sample", "rand",   "randn",
                                                      "standard_normal", "uniform", "normal", "randint"};

static const std::set<std::string> arrayMethods = {"sum", "prod", "min", "max", "mean", "std", "var", "argmin",
                                                   "argmax", "any", "all", "cumsum", "copy", "astype", "reshape",
                                                   "ravel", "flatten", "fill", "transpose", "dot",
                                                   "copy_to_host", "nonzero"};

bool isArrayMethod(const std::string &name) { return arrayMethods.count(name) != 0; }

static const std::pair<const char *, DType> dtypeNames[] = {
    {"bool_", DType::Bool}, {"int8", DType::I8}, {"int16", DType::I16}, {"int32", DType::I32},
    {"int64", DType::I64}, {"uint8", DType::U8}, {"uint16", DType::U16}, {"uint32", DType::U32},
    {"uint64", DType::U64}, {"float32", DType::F32}, {"float64", DType::F64}, {"double", DType::F64},
    {"single", DType::F32}, {"intp", DType::I64}, {"uintp", DType::U64}, {"byte", DType::I8},
    {"ubyte", DType::U8}, {"short", DType::I16}, {"ushort", DType::U16}, {"intc", DType::I32},
    {"uintc", DType::U32}, {"int_", DType::I64}, {"float_", DType::F64}};

std::optional<double> moduleConstant(const std::string &module, const std::string &attr) {
  if (module != "math" && module != "numpy") return std::nullopt;
  if (attr == "pi") return M_PI;
  if (attr == "e") return M_E;
  if (attr == "inf") return std::numeric_limits<double>::infinity();
  if (attr == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (attr == "tau" && module == "math") return 2 * M_PI;
  return std::nullopt;
}

const Type *moduleAttribute(TypeContext &T, const std::string &module, const std::string &attr) {
  if (moduleConstant(module, attr)) return T.f64();
  if (module == "math") {
    if (unaryMath.count(attr) || attr == "pow" || attr == "atan2" || attr == "floor" || attr == "ceil" ||
        attr == "isnan" || attr == "isinf" || attr == "isfinite" || attr == "trunc" || attr == "hypot" ||
        attr == "copysign" || attr == "fmod" || attr == "radians" || attr == "degrees")
      return T.builtin("math." + attr);
    return nullptr;
  }
  if (module == "numpy") {
    for (auto &d : dtypeNames)
      if (attr == d.first) return T.dtype(d.second);
    if (attr == "empty" || attr == "zeros" || attr == "ones" || attr == "full" || attr == "arange")
      return T.builtin("np." + attr);
    if (attr == "newaxis") return T.none();
    if (attr == "random") return T.module("numpy.random");
    if (const typed::Ufunc *u = findUfunc(attr); u && !u->scipySpecial) return T.builtin("np." + attr);
    if (isReduction(attr) || npArrayFunctions.count(attr)) return T.builtin("np." + attr);
    return nullptr;
  }
  if (module == "numpy.random") {
    if (randomFunctions.count(attr)) return T.builtin("np.random." + attr);
    return nullptr;
  }
  if (module == "scipy") {
    if (attr == "special") return T.module("scipy.special");
    return nullptr;
  }
  if (module == "scipy.special") { // its ufuncs are computed as NumPy's are
    if (const typed::Ufunc *u = findUfunc(attr); u && u->scipySpecial) return T.builtin("np." + attr);
    return nullptr;
  }
  if (module == "sys") {
    if (attr == "argv") return T.builtin("sys.argv");
    return nullptr;
  }
  if (module == "time") {
    if (attr == "perf_counter" || attr == "time") return T.builtin("time." + attr);
    return nullptr;
  }
  if (module == "parjit") {
    if (attr == "jit" || attr == "njit" || attr == "prange") return T.builtin("parjit." + attr);
    // Numba's scalar types (from numba import float32), as dtypes and conversions.
    if (attr == "boolean") return T.dtype(DType::Bool);
    for (const char *n : {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float32",
                          "float64", "intp", "uintp"})
      if (attr == n)
        for (auto &d : dtypeNames)
          if (attr == d.first) return T.dtype(d.second);
    if (attr == "cuda") return T.module("parjit.cuda");
    return nullptr;
  }
  // Numba-CUDA's names (parjit.cuda, numba.cuda): kernels and what they use.
  if (module == "parjit.cuda") {
    static const char *const kDeviceFunctions[] = {
        "jit", "grid", "gridsize", "syncthreads", "syncthreads_count", "syncthreads_and", "syncthreads_or",
        "syncwarp", "threadfence", "threadfence_block", "threadfence_system", "activemask", "lanemask_lt",
        "all_sync", "any_sync", "eq_sync", "ballot_sync", "shfl_sync", "shfl_up_sync", "shfl_down_sync",
        "shfl_xor_sync", "popc", "clz", "ffs", "brev", "fma", "selp", "cbrt"};
    for (const char *f : kDeviceFunctions)
      if (attr == f) return T.builtin("cuda." + attr);

    if (attr == "threadIdx" || attr == "blockIdx" || attr == "blockDim" || attr == "gridDim" || attr == "shared" ||
        attr == "local" || attr == "atomic")
      return T.module("parjit.cuda." + attr);
    if (attr == "warpsize" || attr == "laneid") return T.i64();
    if (attr == "to_device" || attr == "device_array" || attr == "device_array_like" || attr == "pinned_array" ||
        attr == "synchronize" || attr == "is_available")
      return T.builtin("cuda." + attr);
    if (attr == "stream" || attr == "default_stream" || attr == "legacy_default_stream" ||
        attr == "per_thread_default_stream")
      return T.builtin("cuda.stream");
    return nullptr;
  }
  // A stream (cuda.stream()): launches and copies run in order and wait for
  // their end, so a stream has nothing to order; synchronize() does nothing.
  if (module == "parjit.cuda.Stream") {
    if (attr == "synchronize") return T.builtin("cuda.synchronize");
    return nullptr;
  }
  if (module == "parjit.cuda.threadIdx" || module == "parjit.cuda.blockIdx" || module == "parjit.cuda.blockDim" ||
      module == "parjit.cuda.gridDim")
    return attr == "x" || attr == "y" || attr == "z" ? T.i64() : nullptr;
  if (module == "parjit.cuda.shared" || module == "parjit.cuda.local")
    return attr == "array" ? T.builtin(module.substr(7) + ".array") : nullptr;
  if (module == "parjit.cuda.atomic")
    for (const char *op : {"add", "sub", "max", "min", "nanmax", "nanmin", "and_", "or_", "xor", "exch", "inc", "dec",
                           "cas", "compare_and_swap"})
      if (attr == op) return T.builtin("cuda.atomic." + attr);
  return nullptr;
}

namespace {
struct Checker {
  BuiltinCallContext &c;
  const std::string &name;
  bool noKeywords() {
    if (c.call.keywords.empty()) return true;
    c.error(c.call.keywords[0].loc, name + "() takes no keyword arguments");
    return false;
  }
  bool arity(size_t lo, size_t hi) {
    size_t n = c.call.args.size();
    if (n >= lo && n <= hi) return true;
    std::string what = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
    c.error(c.call.loc, name + "() takes " + what + " argument" + (hi == 1 ? "" : "s") + " (" + std::to_string(n) + " given)");
    return false;
  }
  const Type *scalarArg(size_t i) {
    const Type *t = c.typeOf(*c.call.args[i]);
    if (!t) return nullptr;
    if (!t->isScalar()) {
      c.error(c.call.args[i]->loc, name + "() needs a number here, not " + t->str() +
                                       (t->isArray() ? " (array functions are not supported yet)" : ""));
      return nullptr;
    }
    return t;
  }
  /// A shape argument: an int or a tuple of ints. Returns the rank.
  std::optional<int> shapeArg(const ast::Expr &e) {
    const Type *t = c.typeOf(e);
    if (!t) return std::nullopt;
    if (t->isScalar() && isInt(t->dtype)) return 1;
    if (t->isTuple()) {
      for (const Type *x : t->elts)
        if (!x->isScalar() || !isInt(x->dtype)) {
          c.error(e.loc, "array shapes must be integers or tuples of integers, not " + t->str());
          return std::nullopt;
        }
      if (t->elts.empty()) {
        c.error(e.loc, "0-dimensional arrays are not supported");
        return std::nullopt;
      }
      return static_cast<int>(t->elts.size());
    }
    c.error(e.loc, "array shapes must be integers or tuples of integers, not " + t->str());
    return std::nullopt;
  }
};
} // namespace

const Type *typeBuiltinCall(BuiltinCallContext &ctx, const std::string &name) {
  TypeContext &T = ctx.T;
  const ast::Call &call = ctx.call;
  Checker ck{ctx, name};
  std::string shortName = name.substr(name.find('.') + 1);

  if (name == "print") {
    for (auto &a : call.args) {
      const Type *t = ctx.typeOf(*a);
      bool arrayDType = t && t->kind == TypeKind::DType && isa<ast::Attribute>(a.get()) &&
                        cast<ast::Attribute>(a.get())->attr == "dtype"; // print(a.dtype): float64
      if (t && !t->isValue() && !arrayDType) ctx.error(a->loc, "cannot print " + t->str());
    }
    for (auto &k : call.keywords) {
      if (k.name == "sep" || k.name == "end") {
        ctx.typeOf(*k.value);
        if (!constStringOf(*k.value)) ctx.error(k.value->loc, "print's " + k.name + "= must be a string constant");
      } else if (k.name == "flush") {
        ctx.typeOf(*k.value);
      } else {
        ctx.error(k.loc, "print() keyword '" + k.name + "' is not supported");
      }
    }
    return T.none();
  }
  if (name == "len") {
    if (!ck.noKeywords() || !ck.arity(1, 1)) return nullptr;
    const Type *t = ctx.typeOf(*call.args[0]);
    if (!t) return nullptr;
    if (!t->isArray() && !t->isTuple() && !(t->kind == TypeKind::Builtin && t->name == "sys.argv")) {
      ctx.error(call.args[0]->loc, "object of type '" + t->str() + "' has no len()");
      return nullptr;
    }
    return T.i64();
  }
  if (name == "range" || name == "parjit.prange") {
    ctx.error(call.loc, "range() is only supported as the iterable of a for loop");
    return nullptr;
  }
  if (name == "parjit.jit" || name == "parjit.njit") {
    ctx.error(call.loc, "jit() can only be used as a decorator");
    return nullptr;
  }
  if (name == "time.perf_counter" || name == "time.time") {
    if (!ck.noKeywords() || !ck.arity(0, 0)) return nullptr;
    return T.f64();
  }
  if (name == "abs") {
    if (!ck.noKeywords() || !ck.arity(1, 1)) return nullptr;
    if (const Type *a = ctx.typeOf(*call.args[0]); a && a->isArray()) return typeArrayCall(ctx, "np.abs"); // a.__abs__
    const Type *t = ck.scalarArg(0);
    if (!t) return nullptr;
    return t->dtype == DType::Bool ? T.i64() : t;
  }
  if (name == "min" || name == "max") {
    if (!ck.noKeywords()) return nullptr;
    if (call.args.size() < 2) {
      if (call.args.size() == 1) {
        const Type *t = ctx.typeOf(*call.args[0]);
        if (t && t->isTuple() && !t->elts.empty()) {
          DType d = t->elts[0]->isScalar() ? t->elts[0]->dtype : DType::Bool;
          for (const Type *e : t->elts) {
            if (!e->isScalar()) { ctx.error(call.args[0]->loc, name + "() of a tuple needs numbers"); return nullptr; }
            d = promote(d, e->dtype);
          }
          return T.scalar(d);
        }
        ctx.error(call.loc, name + "() of an array or iterable is not supported yet; pass two or more numbers");
      } else {
        ctx.error(call.loc, name + " expected at least 1 argument, got 0");
      }
      return nullptr;
    }
    const Type *r = nullptr;
    for (size_t i = 0; i < call.args.size(); ++i) {
      const Type *t = ck.scalarArg(i);
      if (!t) return nullptr;
      r = r ? T.scalar(promote(r->dtype, t->dtype)) : t;
    }
    return r;
  }
  if (name == "divmod") { // (a // b, a % b), with Python's signs
    if (!ck.noKeywords() || !ck.arity(2, 2)) return nullptr;
    const Type *a = ck.scalarArg(0), *b = ck.scalarArg(1);
    if (!a || !b) return nullptr;
    DType d = a->dtype == DType::Bool && b->dtype == DType::Bool ? DType::I64 : promote(a->dtype, b->dtype);
    return T.tuple({T.scalar(d), T.scalar(d)});
  }
  if (name == "round") {
    if (!ck.noKeywords() || !ck.arity(1, 2)) return nullptr;
    const Type *t = ck.scalarArg(0);
    if (!t) return nullptr;
    if (call.args.size() == 2) {
      const Type *n = ck.scalarArg(1);
      if (!n) return nullptr;
      if (!isInt(n->dtype)) { ctx.error(call.args[1]->loc, "round() ndigits must be an integer"); return nullptr; }
      return t->dtype == DType::Bool ? T.i64() : t;
    }
    return T.i64();
  }
  if (name.rfind("math.", 0) == 0) {
    if (!ck.noKeywords()) return nullptr;
    if (shortName == "isnan" || shortName == "isinf" || shortName == "isfinite") {
      if (!ck.arity(1, 1) || !ck.scalarArg(0)) return nullptr;
      return T.boolTy();
    }
    if (shortName == "floor" || shortName == "ceil" || shortName == "trunc") {
      if (!ck.arity(1, 1)) return nullptr;
      const Type *t = ck.scalarArg(0);
      if (!t) return nullptr;
      return T.i64();
    }
    if (shortName == "pow" || shortName == "atan2" || shortName == "hypot" || shortName == "copysign" || shortName == "fmod") {
      if (!ck.arity(2, 2) || !ck.scalarArg(0) || !ck.scalarArg(1)) return nullptr;
      return T.f64();
    }
    if (shortName == "log" && call.args.size() == 2) { // math.log(x, base)
      if (!ck.scalarArg(0) || !ck.scalarArg(1)) return nullptr;
      return T.f64();
    }
    if (!ck.arity(1, 1) || !ck.scalarArg(0)) return nullptr;
    return T.f64();
  }
  if (name == "np.empty" || name == "np.zeros" || name == "np.ones" || name == "np.full") {
    bool full = name == "np.full";
    size_t npos = full ? 2 : 1;
    const ast::Expr *shapeE = argOrKeyword(call, 0, "shape"), *fillE = full ? argOrKeyword(call, 1, "fill_value") : nullptr;
    if (!shapeE || (full && !fillE) || call.args.size() > npos + 1) {
      ctx.error(call.loc, name + "() takes a shape" + (full ? ", a fill value" : std::string()) + " and an optional dtype");
      return nullptr;
    }
    auto rank = ck.shapeArg(*shapeE);
    std::optional<DType> d = DType::F64;
    if (full) {
      const Type *fv = ctx.typeOf(*fillE);
      if (!fv) return nullptr;
      if (!fv->isScalar()) {
        ctx.error(fillE->loc, name + "() needs a number here, not " + fv->str());
        return nullptr;
      }
      d = fv->dtype;
    }
    const ast::Expr *dtypeExpr = call.args.size() > npos ? call.args[npos].get() : nullptr;
    for (auto &k : call.keywords) {
      if (k.name == "shape" || (full && k.name == "fill_value")) {
        if (call.args.size() > (k.name == "shape" ? 0u : 1u)) {
          ctx.error(k.loc, name + "() got multiple values for argument '" + k.name + "'");
          return nullptr;
        }
      } else if (k.name == "dtype") dtypeExpr = k.value.get();
      else if (k.name == "stream" && ctx.ignoresStream) ctx.typeOf(*k.value);
      else if (k.name == "order") {
        ctx.typeOf(*k.value);
        const std::string *o = constStringOf(*k.value);
        if (!o || *o != "C") ctx.error(k.value->loc, "only order='C' arrays are supported");
      } else {
        ctx.error(k.loc, name + "() got an unexpected keyword argument '" + k.name + "'");
        return nullptr;
      }
    }
    if (dtypeExpr) d = ctx.dtypeOf(*dtypeExpr);
    if (!rank || !d) return nullptr;
    return T.array(*d, *rank);
  }
  if (name == "np.arange") {
    if (call.args.empty() || call.args.size() > 3) {
      ctx.error(call.loc, "np.arange() takes 1 to 3 positional arguments");
      return nullptr;
    }
    DType d = DType::I64;
    for (size_t i = 0; i < call.args.size(); ++i) {
      const Type *t = ck.scalarArg(i);
      if (!t) return nullptr;
      if (isFloat(t->dtype)) d = DType::F64;
    }
    for (auto &k : call.keywords) {
      if (k.name != "dtype") {
        ctx.error(k.loc, "np.arange() got an unexpected keyword argument '" + k.name + "'");
        return nullptr;
      }
      auto dt = ctx.dtypeOf(*k.value);
      if (!dt) return nullptr;
      d = *dt;
    }
    return T.array(d, 1);
  }
  if (name.rfind("np.", 0) == 0 || name.rfind("method.", 0) == 0) return typeArrayCall(ctx, name);
  ctx.error(call.loc, name + "() is not supported");
  return nullptr;
}

namespace {

/// An integer constant (a literal, maybe negated), for axis=.
std::optional<int64_t> intConstant(const ast::Expr &e) {
  if (auto *i = dyn_cast<ast::IntLit>(&e); i && !i->overflow) return static_cast<int64_t>(i->value);
  if (auto *u = dyn_cast<ast::UnaryOp>(&e); u && u->op == ast::UnaryOpKind::Neg)
    if (auto v = intConstant(*u->operand)) return -*v;
  return std::nullopt;
}

} // namespace

/// The element-wise functions, reductions and array functions of NumPy, and
/// the methods of arrays (name "method.sum" etc., the receiver is call.func's value).
const Type *typeArrayCall(BuiltinCallContext &ctx, const std::string &name) {
  TypeContext &T = ctx.T;
  const ast::Call &call = ctx.call;
  bool method = name.rfind("method.", 0) == 0;
  std::string fn = name.substr(name.find('.') + 1);
  // Numba's device array methods: parjit arrays move by themselves.
  if (fn == "copy_to_host") {
    ctx.ignoresStream = true;
    if (method && !call.args.empty()) fn = "copy_to_host(ary)"; // copies into ary, returns it
    else fn = "copy";
  }
  std::string shown = method ? "a." + fn : name;
  // The array operand: the receiver of a method, else the first argument.
  std::vector<const ast::Expr *> args;
  if (method) args.push_back(cast<ast::Attribute>(call.func.get())->value.get());
  for (auto &a : call.args) args.push_back(a.get());
  std::vector<const Type *> types;
  for (size_t i = 0; i < args.size(); ++i) {
    // The receiver is typed already (call.func was typed first).
    const Type *t = method && i == 0 ? ctx.typeOf(*args[0]) : ctx.typeOf(*args[i]);
    if (!t) return nullptr;
    types.push_back(t);
  }
  std::map<std::string, const ast::Expr *> kw;
  for (auto &k : call.keywords) {
    if (!ctx.typeOf(*k.value) && !isa<ast::NoneLit>(k.value.get())) return nullptr;
    if (k.name != "stream" || !ctx.ignoresStream) kw[k.name] = k.value.get();
  }
  auto bad = [&](SourceLoc at, const std::string &msg) -> const Type * {
    ctx.error(at, msg);
    return nullptr;
  };
  auto onlyKeywords = [&](std::initializer_list<const char *> allowed) {
    for (auto &k : call.keywords) {
      bool ok = k.name == "stream" && ctx.ignoresStream;
      for (const char *a : allowed) ok |= k.name == a;
      if (!ok) {
        ctx.error(k.loc, shown + "() got an unexpected keyword argument '" + k.name + "'");
        return false;
      }
    }
    return true;
  };
  auto arrayOrScalar = [&](size_t i) {
    if (types[i]->isArray() || types[i]->isScalar()) return true;
    ctx.error(args[i]->loc, shown + "() needs an array or a number here, not " + types[i]->str());
    return false;
  };
  auto needArray = [&](size_t i) -> const Type * {
    if (i >= types.size()) return nullptr;
    if (!types[i]->isArray()) {
      ctx.error(args[i]->loc, shown + "() needs an array here, not " + types[i]->str());
      return nullptr;
    }
    return types[i];
  };

  // Element-wise functions (ufuncs).
  // np.nonzero(a), a.nonzero(), np.where(cond): the indices of the nonzero
  // elements, one int64 array per axis, in C order.
  if (fn == "nonzero" || (fn == "where" && !method && args.size() == 1)) {
    if (!onlyKeywords({})) return nullptr;
    const Type *a = needArray(0);
    if (!a) return nullptr;
    if (args.size() != 1) return bad(call.loc, shown + "() takes one array");
    return T.tuple(std::vector<const Type *>(static_cast<size_t>(a->ndim), T.array(DType::I64, 1)));
  }
  if (const Ufunc *u = method ? nullptr : findUfunc(fn)) {
    if (!onlyKeywords({})) return nullptr;
    if (static_cast<int>(args.size()) != u->nargs)
      return bad(call.loc, shown + "() takes " + std::to_string(u->nargs) + " argument" + (u->nargs == 1 ? "" : "s") +
                               " (" + std::to_string(args.size()) + " given)");
    int nd = 0;
    bool anyArray = false;
    for (size_t i = 0; i < args.size(); ++i) {
      if (!arrayOrScalar(i)) return nullptr;
      if (types[i]->isArray()) { anyArray = true; nd = std::max(nd, types[i]->ndim); }
    }
    auto result = [&](DType d) { return anyArray ? T.array(d, nd) : T.scalar(d); };
    DType a = types[0]->dtype;
    switch (u->kind) {
    case UfuncKind::FloatMath: return result(floatResult(a));
    case UfuncKind::Abs: case UfuncKind::Sign: case UfuncKind::Negative: return result(a);
    case UfuncKind::Rounding: return result(isFloat(a) ? a : DType::F64);
    case UfuncKind::Predicate: case UfuncKind::LogicalNot: case UfuncKind::Logical: return result(DType::Bool);
    case UfuncKind::Arith:
      if (ctx.valueBased)
        if (auto d = ctx.valueBased(*args[0], types[0], *args[1], types[1])) // np.add(int8_array, 1000)
          return result(elementwiseBinOpDType(u->op, *d, true, *d, true));
      return result(elementwiseBinOpDType(u->op, a, types[0]->isArray(), types[1]->dtype, types[1]->isArray()));
    case UfuncKind::FloatBinary:
      return result(floatResult(operandDType(a, types[0]->isArray(), types[1]->dtype, types[1]->isArray())));
    case UfuncKind::MinMax:
      if (ctx.valueBased)
        if (auto d = ctx.valueBased(*args[0], types[0], *args[1], types[1])) return result(*d);
      return result(operandDType(a, types[0]->isArray(), types[1]->dtype, types[1]->isArray()));
    case UfuncKind::Where: {
      if (ctx.valueBased)
        if (auto d = ctx.valueBased(*args[1], types[1], *args[2], types[2])) return result(*d); // where(c, a, 1000)
      return result(operandDType(types[1]->dtype, types[1]->isArray(), types[2]->dtype, types[2]->isArray()));
    }
    case UfuncKind::Clip: { // NumPy: the result type of the array and both bounds
      DType d = a;
      for (size_t k = 1; k < 3; ++k) {
        std::optional<DType> v = ctx.valueBased ? ctx.valueBased(*args[0], types[0], *args[k], types[k]) : std::nullopt;
        d = promote(d, v ? *v : operandDType(a, types[0]->isArray(), types[k]->dtype, types[k]->isArray()));
      }
      return result(d);
    }
    }
  }

  // Reductions: np.sum(a, axis=None), a.sum(axis=...), and the rest.
  if (isReduction(fn) || fn == "cumsum") {
    std::string base = fn == "amin" ? "min" : fn == "amax" ? "max" : fn;
    if (base == "std" || base == "var") {
      if (!onlyKeywords({"axis", "ddof"})) return nullptr;
      if (kw.count("ddof")) {
        const Type *dt = ctx.typeOf(*kw["ddof"]);
        if (!dt || !dt->isScalar() || isFloat(dt->dtype) || dt->dtype == DType::Bool)
          return bad(kw["ddof"]->loc, shown + "() takes an integer ddof");
      }
    } else if (!onlyKeywords({"axis"})) {
      return nullptr;
    }
    const Type *a = needArray(0);
    if (!a) return nullptr;
    if (args.size() > 2) return bad(call.loc, shown + "() takes an array and an optional axis");
    const ast::Expr *axisExpr = args.size() == 2 ? args[1] : kw.count("axis") ? kw["axis"] : nullptr;
    std::optional<int64_t> axis;
    if (axisExpr && !isa<ast::NoneLit>(axisExpr)) {
      axis = intConstant(*axisExpr);
      if (!axis) return bad(axisExpr->loc, "axis must be an integer constant");
      if (*axis < -a->ndim || *axis >= a->ndim)
        return bad(axisExpr->loc, "axis " + std::to_string(*axis) + " is out of bounds for array of dimension " +
                                      std::to_string(a->ndim));
    }
    DType d = reductionDType(base == "cumsum" ? "sum" : base, a->dtype);
    if (base == "cumsum") return T.array(d, axis ? a->ndim : 1);
    if (!axis || a->ndim == 1) return T.scalar(d);
    return T.array(d, a->ndim - 1);
  }

  if (fn == "empty_like" || fn == "zeros_like" || fn == "ones_like" || fn == "full_like") {
    bool full = fn == "full_like";
    if (!onlyKeywords({"dtype"})) return nullptr;
    const Type *a = needArray(0);
    if (!a) return nullptr;
    if (args.size() != (full ? 2u : 1u)) return bad(call.loc, shown + "() takes an array" + (full ? " and a value" : ""));
    if (full && !types[1]->isScalar()) return bad(args[1]->loc, "the fill value must be a number");
    std::optional<DType> d = a->dtype;
    if (kw.count("dtype")) d = ctx.dtypeOf(*kw["dtype"]);
    if (!d) return nullptr;
    return T.array(*d, a->ndim);
  }
  if (fn == "copy" || fn == "ascontiguousarray" || fn == "flatten" || fn == "ravel") {
    if (!onlyKeywords({})) return nullptr;
    const Type *a = needArray(0);
    if (!a) return nullptr;
    if (args.size() != 1) return bad(call.loc, shown + "() takes no other arguments");
    return T.array(a->dtype, fn == "flatten" || fn == "ravel" ? 1 : a->ndim);
  }
  if (fn == "astype") {
    if (!onlyKeywords({})) return nullptr;
    const Type *a = needArray(0);
    if (!a || args.size() != 2) return bad(call.loc, "a.astype() takes a dtype");
    auto d = ctx.dtypeOf(*args[1]);
    if (!d) return nullptr;
    return T.array(*d, a->ndim);
  }
  if (fn == "transpose") {
    const Type *a = needArray(0);
    if (!a) return nullptr;
    if (args.size() == 1) return T.array(a->dtype, a->ndim, a->ndim == 1 && a->contiguous);
    std::string err;
    std::vector<int> perm = transposeAxes({args.begin() + 1, args.end()}, a->ndim, err);
    if (perm.empty()) return bad(args[1]->loc, err);
    bool identity = true;
    for (int k = 0; k < a->ndim; ++k) identity = identity && perm[k] == k;
    return T.array(a->dtype, a->ndim, identity && a->contiguous);
  }
  if (fn == "fill") {
    const Type *a = needArray(0);
    if (!a || args.size() != 2 || !types[1]->isScalar()) return bad(call.loc, "a.fill() takes a number");
    return T.none();
  }
  if (fn == "reshape") {
    if (!onlyKeywords({})) return nullptr;
    const Type *a = needArray(0);
    if (!a) return nullptr;
    // a.reshape(2, 3), a.reshape((2, 3)), np.reshape(a, (2, 3))
    int nd = 0;
    if (args.size() == 2 && types[1]->isTuple()) {
      for (const Type *e : types[1]->elts)
        if (!e->isScalar() || !isInt(e->dtype)) return bad(args[1]->loc, "the new shape must be integers");
      nd = static_cast<int>(types[1]->elts.size());
    } else {
      for (size_t i = 1; i < args.size(); ++i)
        if (!types[i]->isScalar() || !isInt(types[i]->dtype)) return bad(args[i]->loc, "the new shape must be integers");
      nd = static_cast<int>(args.size()) - 1;
    }
    if (nd < 1) return bad(call.loc, shown + "() needs the new shape");
    return T.array(a->dtype, nd);
  }
  if (fn == "concatenate" || fn == "stack" || fn == "vstack" || fn == "hstack") {
    bool axisArg = fn == "concatenate" || fn == "stack";
    if (!onlyKeywords(axisArg ? std::initializer_list<const char *>{"axis"} : std::initializer_list<const char *>{}))
      return nullptr;
    if (args.empty() || args.size() > (axisArg ? 2u : 1u))
      return bad(call.loc, shown + "() takes a tuple of arrays" + (axisArg ? " and an optional axis" : ""));
    const Type *seq = types[0];
    if (!seq->isTuple() || seq->elts.empty())
      return bad(args[0]->loc, shown + "() needs a tuple or list of arrays, not " + seq->str());
    int nd = -1;
    std::optional<DType> d;
    for (const Type *e : seq->elts) {
      if (!e->isArray()) return bad(args[0]->loc, shown + "() needs a tuple or list of arrays, not " + seq->str());
      if (nd >= 0 && e->ndim != nd)
        return bad(args[0]->loc, fn == "stack" ? "all input arrays must have the same shape"
                                               : "all the input arrays must have same number of dimensions");
      nd = e->ndim;
      d = d ? promote(*d, e->dtype) : e->dtype;
    }
    int outNd = fn == "stack" || (fn == "vstack" && nd == 1) ? nd + 1 : nd;
    const ast::Expr *axisExpr = args.size() == 2 ? args[1] : kw.count("axis") ? kw["axis"] : nullptr;
    if (axisExpr && !isa<ast::NoneLit>(axisExpr)) {
      std::optional<int64_t> axis = intConstant(*axisExpr);
      if (!axis) return bad(axisExpr->loc, "axis must be an integer constant");
      if (*axis < -outNd || *axis >= outNd)
        return bad(axisExpr->loc, "axis " + std::to_string(*axis) + " is out of bounds for array of dimension " +
                                      std::to_string(outNd));
    } else if (axisExpr) {
      return bad(axisExpr->loc, "axis=None is not supported");
    }
    return T.array(*d, outNd);
  }
  if (fn.rfind("random.", 0) == 0) {
    // np.random.NAME(..., size=None): a number, or an array of `size`.
    std::string r = fn.substr(7);
    shown = "np.random." + r;
    auto sizeRank = [&](const ast::Expr *e) -> std::optional<int> {
      if (!e || isa<ast::NoneLit>(e)) return 0;
      const Type *st = ctx.typeOf(*e);
      if (st->isScalar() && isInt(st->dtype)) return 1;
      if (st->isTuple() && !st->elts.empty()) {
        for (const Type *x : st->elts)
          if (!x->isScalar() || !isInt(x->dtype)) return std::nullopt;
        return static_cast<int>(st->elts.size());
      }
      return std::nullopt;
    };
    if (r == "seed") {
      if (!onlyKeywords({}) || args.size() != 1 || !types[0]->isScalar() || !isInt(types[0]->dtype))
        return bad(call.loc, "np.random.seed() takes an integer");
      return T.none();
    }
    if (r == "rand" || r == "randn") { // rand(d0, d1, ...)
      if (!onlyKeywords({})) return nullptr;
      for (size_t i = 0; i < args.size(); ++i)
        if (!types[i]->isScalar() || !isInt(types[i]->dtype))
          return bad(args[i]->loc, shown + "() takes integer dimensions");
      return args.empty() ? T.f64() : T.array(DType::F64, static_cast<int>(args.size()));
    }
    // The parameters by position or keyword, then size.
    std::vector<std::string> params = r == "uniform" ? std::vector<std::string>{"low", "high", "size"}
                                      : r == "normal" ? std::vector<std::string>{"loc", "scale", "size"}
                                      : r == "randint" ? std::vector<std::string>{"low", "high", "size", "dtype"}
                                                       : std::vector<std::string>{"size"};
    for (auto &k : call.keywords)
      if (std::find(params.begin(), params.end(), k.name) == params.end())
        return bad(k.loc, shown + "() got an unexpected keyword argument '" + k.name + "'");
    if (args.size() > params.size()) return bad(call.loc, shown + "() takes at most " + std::to_string(params.size()) + " arguments");
    auto param = [&](const std::string &n) -> const ast::Expr * {
      for (size_t i = 0; i < params.size(); ++i)
        if (params[i] == n) {
          if (i < args.size()) return args[i];
          return kw.count(n) ? kw[n] : nullptr;
        }
      return nullptr;
    };
    for (auto &p : params)
      if (p != "size" && p != "dtype")
        if (const ast::Expr *e = param(p); e && !isa<ast::NoneLit>(e) && !ctx.typeOf(*e)->isScalar())
          return bad(e->loc, shown + "() takes a number for " + p + " (array parameters are not supported)");
    std::optional<int> rank = sizeRank(param("size"));
    if (!rank) return bad(param("size")->loc, "size must be an integer or a tuple of integers");
    DType d = DType::F64;
    if (r == "randint") {
      if (!param("low")) return bad(call.loc, "np.random.randint() needs low (and optionally high)");
      for (const char *p : {"low", "high"})
        if (const ast::Expr *e = param(p); e && !isa<ast::NoneLit>(e) && !isInt(ctx.typeOf(*e)->dtype))
          return bad(e->loc, "np.random.randint() takes integer bounds");
      d = DType::I64;
      if (const ast::Expr *e = param("dtype")) {
        std::optional<DType> want = ctx.dtypeOf(*e);
        if (!want) return nullptr;
        if (*want != DType::I64) return bad(e->loc, "np.random.randint() supports only dtype=np.int64 (the default)");
      }
    }
    return *rank ? T.array(d, *rank) : T.scalar(d);
  }
  if (fn == "save") {
    if (!onlyKeywords({})) return nullptr;
    if (args.size() != 2 || types[0]->kind != TypeKind::Str || !types[1]->isArray())
      return bad(call.loc, "np.save() takes a file name (a string) and an array");
    return T.none();
  }
  if (fn == "linspace") {
    if (!onlyKeywords({"num", "endpoint", "dtype"})) return nullptr;
    if (args.size() < 2 || args.size() > 3) return bad(call.loc, "np.linspace() takes start, stop and num");
    for (size_t i = 0; i < args.size(); ++i)
      if (!types[i]->isScalar()) return bad(args[i]->loc, "np.linspace() takes numbers");
    if (args.size() == 3 && !isInt(types[2]->dtype)) return bad(args[2]->loc, "num must be an integer");
    if (kw.count("endpoint") && !isa<ast::BoolLit>(kw["endpoint"]))
      return bad(kw["endpoint"]->loc, "endpoint must be True or False");
    std::optional<DType> d = DType::F64;
    if (kw.count("dtype")) d = ctx.dtypeOf(*kw["dtype"]);
    if (!d) return nullptr;
    return T.array(*d, 1);
  }
  if (fn == "dot") {
    if (!onlyKeywords({})) return nullptr;
    if (args.size() != 2 || !types[0]->isArray() || !types[1]->isArray() || types[0]->ndim > 2 || types[1]->ndim > 2)
      return bad(call.loc, shown + "() is supported between 1-d and 2-d arrays");
    DType d = promote(types[0]->dtype, types[1]->dtype); // bool . bool is bool (any of the ands), as NumPy
    if (types[0]->ndim == 1 && types[1]->ndim == 1) return T.scalar(d);
    return T.array(d, types[0]->ndim + types[1]->ndim - 2);
  }
  if (fn == "copy_to_host(ary)") {
    if (!onlyKeywords({})) return nullptr;
    const Type *src = needArray(0), *dst = needArray(1);
    if (!src || !dst) return nullptr;
    if (args.size() != 2) return bad(call.loc, "a.copy_to_host() takes at most one array");
    if (dst->dtype != src->dtype || dst->ndim != src->ndim)
      return bad(args[1]->loc, "copy_to_host() needs an array of the same dtype and dimensions (" + src->str() +
                                   "), not " + dst->str());
    return dst;
  }
  if (fn == "copyto") {
    if (!onlyKeywords({})) return nullptr;
    const Type *dst = needArray(0);
    if (!dst || args.size() != 2) return bad(call.loc, "np.copyto() takes a destination and a source");
    if (!arrayOrScalar(1)) return nullptr;
    if (types[1]->isArray() && types[1]->ndim > dst->ndim)
      return bad(args[1]->loc, "could not broadcast a " + std::to_string(types[1]->ndim) + "-d array into a " +
                                   std::to_string(dst->ndim) + "-d one");
    return T.none();
  }
  return bad(call.loc, shown + "() is not supported");
}

std::vector<int> transposeAxes(const std::vector<const ast::Expr *> &axes, int ndim, std::string &error) {
  std::vector<const ast::Expr *> items = axes;
  if (items.size() == 1)
    if (auto *t = dyn_cast<ast::Tuple>(items[0])) {
      items.clear();
      for (auto &e : t->elts) items.push_back(e.get());
    }
  if (static_cast<int>(items.size()) != ndim) {
    error = "axes don't match array";
    return {};
  }
  std::vector<int> perm;
  std::vector<bool> seen(static_cast<size_t>(ndim), false);
  for (const ast::Expr *e : items) {
    std::optional<int64_t> axis = intConstant(*e);
    if (!axis) {
      error = "the axes of transpose must be integer literals";
      return {};
    }
    int64_t v = *axis;
    if (v < -ndim || v >= ndim) {
      error = "axis " + std::to_string(v) + " is out of bounds for array of dimension " + std::to_string(ndim);
      return {};
    }
    int k = static_cast<int>(v < 0 ? v + ndim : v);
    if (seen[static_cast<size_t>(k)]) {
      error = "repeated axis in transpose";
      return {};
    }
    seen[static_cast<size_t>(k)] = true;
    perm.push_back(k);
  }
  return perm;
}

const ast::Expr *argOrKeyword(const ast::Call &c, size_t pos, const char *keyword) {
  if (pos < c.args.size()) return c.args[pos].get();
  for (auto &k : c.keywords)
    if (k.name == keyword) return k.value.get();
  return nullptr;
}

const std::string *constStringOf(const ast::Expr &e) {
  auto *s = dyn_cast<ast::StrLit>(&e);
  if (!s || s->isFString || s->isBytes) return nullptr;
  return &s->value;
}

} // namespace parjit::typed
