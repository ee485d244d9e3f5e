// The table of supported library names: module attributes (math.sqrt,
// np.zeros, np.float32, math.pi) and how a call to each is typed.
#pragma once
#include "frontend/AST.h"
#include "typed/Types.h"
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

namespace parjit::typed {

/// The type of `module.attr` (module is "numpy", "math", "parjit", "sys"), or
/// null when unsupported. Functions are Builtin types named "math.sqrt",
/// "np.zeros", "parjit.jit"; dtypes are DType types; constants are scalars.
const Type *moduleAttribute(TypeContext &T, const std::string &module, const std::string &attr);

/// The value of a constant attribute such as math.pi or np.inf.
std::optional<double> moduleConstant(const std::string &module, const std::string &attr);

struct BuiltinCallContext {
  TypeContext &T;
  const ast::Call &call;
  std::unordered_map<const ast::Expr *, const Type *> &exprTypes;
  std::function<const Type *(const ast::Expr &)> typeOf;
  std::function<std::optional<DType>(const ast::Expr &)> dtypeOf;
  std::function<void(SourceLoc, std::string)> error;
  /// Numba's host API (cuda.to_device(a, stream=s), ...): a `stream`
  /// keyword is accepted and not used (launches and copies run in order).
  bool ignoresStream = false;
  /// NumPy's value-based casting for `array op scalar` with a scalar known
  /// when compiling: records the scalar's dtype and returns the operation's
  /// dtype (see Inferrer::valueBasedOperands); null: type-based.
  std::function<std::optional<DType>(const ast::Expr &, const Type *, const ast::Expr &, const Type *)> valueBased;
};

/// The argument at `pos`, else the keyword argument `keyword`, else null
/// (np.zeros(shape=(2, 3)), np.full(shape, fill_value=1.5)).
const ast::Expr *argOrKeyword(const ast::Call &c, size_t pos, const char *keyword);

/// The axes of a.transpose(1, 0, 2) / np.transpose(a, (1, 0, 2)) (`axes`
/// the call's arguments after the array): a permutation of 0..ndim-1 with
/// negative axes counted from the end; empty with `error` set when they are
/// not integer literals or not a permutation.
std::vector<int> transposeAxes(const std::vector<const ast::Expr *> &axes, int ndim, std::string &error);

/// Types a call to a builtin (len, print, math.sqrt, np.zeros, ...).
const Type *typeBuiltinCall(BuiltinCallContext &ctx, const std::string &name);
/// Types NumPy's array functions (np.sqrt, np.sum, np.zeros_like, ...) and
/// array methods ("method.sum": the receiver is the callee's value).
const Type *typeArrayCall(BuiltinCallContext &ctx, const std::string &name);

/// Methods of arrays that parjit supports (a.sum(), a.copy(), ...).
bool isArrayMethod(const std::string &name);

/// The math functions of one float argument that map to one libm/LLVM function.
bool isUnaryMath(const std::string &name);

/// The value of a plain string literal, or null.
const std::string *constStringOf(const ast::Expr &e);

} // namespace parjit::typed
