#include "typed/ArrayOps.h"
#include <cmath>
#include <map>
#include <set>

namespace parjit::typed {

const Ufunc *findUfunc(const std::string &name) {
  using K = UfuncKind;
  using B = ast::BinOpKind;
  static const std::map<std::string, Ufunc> table = {
      {"sqrt", {K::FloatMath, 1, "sqrt"}},   {"exp", {K::FloatMath, 1, "exp"}},     {"exp2", {K::FloatMath, 1, "exp2"}},
      {"expm1", {K::FloatMath, 1, "expm1"}}, {"log", {K::FloatMath, 1, "log"}},     {"log2", {K::FloatMath, 1, "log2"}},
      {"log10", {K::FloatMath, 1, "log10"}}, {"log1p", {K::FloatMath, 1, "log1p"}}, {"sin", {K::FloatMath, 1, "sin"}},
      {"cos", {K::FloatMath, 1, "cos"}},     {"tan", {K::FloatMath, 1, "tan"}},     {"arcsin", {K::FloatMath, 1, "asin"}},
      {"arccos", {K::FloatMath, 1, "acos"}}, {"arctan", {K::FloatMath, 1, "atan"}}, {"sinh", {K::FloatMath, 1, "sinh"}},
      {"cosh", {K::FloatMath, 1, "cosh"}},   {"tanh", {K::FloatMath, 1, "tanh"}},   {"arcsinh", {K::FloatMath, 1, "asinh"}},
      {"arccosh", {K::FloatMath, 1, "acosh"}}, {"arctanh", {K::FloatMath, 1, "atanh"}}, {"cbrt", {K::FloatMath, 1, "cbrt"}},
      {"fabs", {K::FloatMath, 1, "fabs"}},   {"deg2rad", {K::FloatMath, 1, "deg2rad"}}, {"rad2deg", {K::FloatMath, 1, "rad2deg"}},
      {"abs", {K::Abs, 1}},                  {"absolute", {K::Abs, 1}},
      {"floor", {K::Rounding, 1, "floor"}},  {"ceil", {K::Rounding, 1, "ceil"}},    {"trunc", {K::Rounding, 1, "trunc"}},
      {"rint", {K::Rounding, 1, "rint"}},
      {"sign", {K::Sign, 1}},                {"negative", {K::Negative, 1}},        {"positive", {K::Negative, 1}},
      {"isnan", {K::Predicate, 1, "isnan"}}, {"isinf", {K::Predicate, 1, "isinf"}}, {"isfinite", {K::Predicate, 1, "isfinite"}},
      {"logical_not", {K::LogicalNot, 1}},
      {"add", {K::Arith, 2, nullptr, B::Add}},           {"subtract", {K::Arith, 2, nullptr, B::Sub}},
      {"multiply", {K::Arith, 2, nullptr, B::Mul}},      {"divide", {K::Arith, 2, nullptr, B::Div}},
      {"true_divide", {K::Arith, 2, nullptr, B::Div}},   {"floor_divide", {K::Arith, 2, nullptr, B::FloorDiv}},
      {"remainder", {K::Arith, 2, nullptr, B::Mod}},     {"mod", {K::Arith, 2, nullptr, B::Mod}},
      {"power", {K::Arith, 2, nullptr, B::Pow}},
      {"arctan2", {K::FloatBinary, 2, "atan2"}},         {"hypot", {K::FloatBinary, 2, "hypot"}},
      {"copysign", {K::FloatBinary, 2, "copysign"}},
      {"minimum", {K::MinMax, 2, "minimum"}},            {"maximum", {K::MinMax, 2, "maximum"}},
      {"fmin", {K::MinMax, 2, "fmin"}},                  {"fmax", {K::MinMax, 2, "fmax"}},
      {"logical_and", {K::Logical, 2, "and"}},           {"logical_or", {K::Logical, 2, "or"}},
      {"logical_xor", {K::Logical, 2, "xor"}},
      {"where", {K::Where, 3}},                          {"clip", {K::Clip, 3}},
      {"erf", {K::FloatMath, 1, "erf", B::Add, true}},   {"erfc", {K::FloatMath, 1, "erfc", B::Add, true}},
  };
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

DType floatResult(DType d) {
  switch (d) {
  case DType::F32: case DType::Bool: case DType::I8: case DType::U8: case DType::I16: case DType::U16:
    return DType::F32;
  default:
    return DType::F64;
  }
}

static int kindOf(DType d) { return d == DType::Bool ? 0 : isFloat(d) ? 2 : 1; }

DType operandDType(DType a, bool aIsArray, DType b, bool bIsArray) {
  if (aIsArray != bIsArray) {
    DType arr = aIsArray ? a : b, sc = aIsArray ? b : a;
    if (kindOf(sc) <= kindOf(arr)) return arr;
  }
  return promote(a, b);
}

static DType signedOfSize(DType d) {
  switch (d) {
  case DType::U8: return DType::I8;
  case DType::U16: return DType::I16;
  case DType::U32: return DType::I32;
  case DType::U64: return DType::I64;
  default: return d;
  }
}

DType scalarOperandDType(DType array, DType scalar, const std::optional<ScalarValue> &v) {
  if (kindOf(scalar) > kindOf(array)) return scalar;
  if (!v) return array;
  if (v->isFloat) { // float16 holds it (promotes to the array's float), float32, else float64
    double a = std::fabs(v->f);
    return std::isnan(a) || std::isinf(a) || a <= 3.4028234663852886e38 ? DType::F32 : DType::F64;
  }
  if (scalar == DType::Bool) return DType::Bool;
  __int128 x = v->i;
  DType t;
  bool smallUnsigned = false;
  if (x >= 0) {
    static const std::pair<DType, __int128> u[] = {
        {DType::U8, 255}, {DType::U16, 65535}, {DType::U32, 4294967295LL}, {DType::U64, ~static_cast<unsigned __int128>(0) >> 64}};
    static const __int128 smax[] = {127, 32767, 2147483647LL, 9223372036854775807LL};
    t = DType::U64;
    for (int k = 0; k < 4; ++k)
      if (x <= u[k].second) {
        t = u[k].first;
        smallUnsigned = x <= smax[k];
        break;
      }
  } else {
    t = x >= -128 ? DType::I8 : x >= -32768 ? DType::I16 : x >= -2147483648LL ? DType::I32 : DType::I64;
  }
  // NumPy: a small unsigned value beside a signed or float dtype counts as
  // the signed type of its size.
  if (smallUnsigned && array != DType::Bool && (isSigned(array) || isFloat(array))) t = signedOfSize(t);
  return t;
}

DType elementwiseBinOpDType(ast::BinOpKind op, DType l, bool lArray, DType r, bool rArray) {
  using B = ast::BinOpKind;
  DType d = operandDType(l, lArray, r, rArray);
  switch (op) {
  case B::Div: return d == DType::F32 ? DType::F32 : isFloat(d) ? d : DType::F64;
  case B::BitAnd: case B::BitOr: case B::BitXor: return d;
  // Bool arrays: + and * are logical (or, and), the rest compute in int8
  // (- is refused, as NumPy does).
  case B::Add: case B::Mul: return d;
  default: return d == DType::Bool ? DType::I8 : d;
  }
}

bool isReduction(const std::string &name) {
  static const std::set<std::string> names = {"sum", "prod", "min", "max", "amin", "amax", "mean", "std", "var",
                                              "argmin", "argmax", "any", "all"};
  return names.count(name) != 0;
}

DType reductionDType(const std::string &name, DType d) {
  if (name == "argmin" || name == "argmax") return DType::I64;
  if (name == "any" || name == "all") return DType::Bool;
  if (name == "mean" || name == "std" || name == "var") return d == DType::F32 ? DType::F32 : DType::F64;
  if (name == "sum" || name == "prod") {
    if (d == DType::Bool || isSigned(d)) return isFloat(d) ? d : DType::I64;
    if (isInt(d)) return DType::U64;
    return d;
  }
  return d; // min, max
}

} // namespace parjit::typed
