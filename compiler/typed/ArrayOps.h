// NumPy's array operations as parjit types them: the element-wise functions
// (ufuncs), reductions, and NumPy 1.24's result dtypes. Shared by type
// inference (which types calls and operators) and code generation (which
// emits the per-element operation).
#pragma once
#include "frontend/AST.h"
#include "typed/Types.h"
#include <optional>
#include <string>

namespace parjit::typed {

/// How an element-wise function computes its result.
enum class UfuncKind {
  FloatMath,  // sqrt exp log sin ...: float result (float32 stays float32)
  Abs,        // abs/absolute: same type
  Rounding,   // floor ceil trunc rint: float result
  Sign,       // sign: same type
  Negative,   // negative, positive
  Predicate,  // isnan isinf isfinite: bool
  LogicalNot, // logical_not: bool
  Arith,      // add subtract multiply divide floor_divide remainder power: like the operator
  FloatBinary, // arctan2 hypot copysign: float result
  MinMax,     // minimum maximum fmin fmax
  Logical,    // logical_and logical_or logical_xor: bool
  Where,      // where(cond, x, y)
  Clip,       // clip(a, lo, hi)
};

struct Ufunc {
  UfuncKind kind;
  int nargs;
  const char *llvmName = nullptr; // the math function ("sqrt", "exp", ...)
  ast::BinOpKind op = ast::BinOpKind::Add; // Arith
  bool scipySpecial = false;               // scipy.special.NAME, not np.NAME
};

/// The ufunc np.NAME, if parjit has it.
const Ufunc *findUfunc(const std::string &name);

/// The float type an element-wise math function computes in for input d
/// (float32 stays float32, small integers give float32, the rest float64).
DType floatResult(DType d);

/// NumPy 1.24's dtype for an operation between two operands, each an array
/// or a scalar: arrays with arrays promote; a scalar of a kind (bool < int <
/// float) no higher than an array's takes the array's dtype.
DType operandDType(DType a, bool aIsArray, DType b, bool bIsArray);

/// A scalar operand whose value is known when compiling (a literal, a
/// module-level constant, np.int32(70000)).
struct ScalarValue {
  bool isFloat = false;
  double f = 0;    // isFloat
  __int128 i = 0;  // !isFloat: the integer (bool: 0 or 1)
};
/// NumPy 1.24's value-based casting: the dtype that a scalar operand of
/// dtype `scalar` and value v counts as beside an array of dtype `array`
/// (promote the two to get the operation's dtype). A scalar of a higher
/// kind than the array counts as its own dtype; otherwise as the smallest
/// dtype that holds v (min_scalar_type; a small positive int as signed
/// beside signed or float arrays): int8 array + 1000 is int16, float32
/// array + 70000 float64, uint8 array + -1 int16, float32 array + 1e300
/// float64. Without a value (known only at run time) the array's dtype.
DType scalarOperandDType(DType array, DType scalar, const std::optional<ScalarValue> &v);

/// The result dtype of `l op r` element by element (true division of
/// integers gives float64, bool with bool stays bool for & | ^).
DType elementwiseBinOpDType(ast::BinOpKind op, DType l, bool lArray, DType r, bool rArray);

/// Reductions: np.sum / a.sum(...) and friends. `argmin` & co. give int64.
bool isReduction(const std::string &name); // "sum", "prod", "min", "max", "mean", "std", "var", "argmin", "argmax", "any", "all"
/// The dtype a reduction of elements of dtype d produces.
DType reductionDType(const std::string &name, DType d);

} // namespace parjit::typed
