// The types of parjit's language: scalars, arrays, tuples and the compile-time
// values (modules, functions, dtypes) that only appear while type checking.
#pragma once
#include "parjit/abi.h"
#include <string>
#include <vector>

namespace parjit::typed {

enum class TypeKind {
  Scalar,   // bool, int8..uint64, float32, float64
  Array,    // NumPy array: dtype, rank, layout (C-contiguous or any strides)
  Tuple,
  None,
  Str,      // a string constant (print, assert messages)
  Module,   // numpy, math, parjit
  Function, // a user function (not a first-class value)
  Builtin,  // a builtin or library function: len, math.sqrt, np.zeros, ...
  DType,    // np.float64, int, ... used as a value (dtype=, constructor)
};

enum class DType : int { Bool = PJ_BOOL, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64 };

bool isInt(DType d);
bool isSigned(DType d);
bool isFloat(DType d);
unsigned bitWidth(DType d);      // 1 for bool
unsigned byteSize(DType d);      // storage size in an array (1 for bool)
const char *dtypeName(DType d);  // "float64"
/// NumPy's promote_types (Python int is int64, float is float64).
DType promote(DType a, DType b);

struct Type {
  TypeKind kind;
  DType dtype = DType::I64;      // Scalar, Array, DType
  int ndim = 0;                  // Array
  /// Array: C-contiguous (Numba's layout 'C'), so an element's address follows
  /// from the shape; otherwise any strides (layout 'A': host buffers, views).
  bool contiguous = true;
  std::vector<const Type *> elts; // Tuple
  std::string name;              // Module, Builtin ("math.sqrt", "np.zeros"), Function, Str value

  bool isScalar() const { return kind == TypeKind::Scalar; }
  bool isArray() const { return kind == TypeKind::Array; }
  bool isTuple() const { return kind == TypeKind::Tuple; }
  bool isNumeric() const { return isScalar(); }
  /// Is this a runtime value (can live in a variable)?
  bool isValue() const;
  /// The spelling users see: "float64", "array(float64, 2d)" (C-contiguous),
  /// "array(float64, 2d, A)" (any strides), "tuple(int64, float64)".
  std::string str() const;
};

/// Interns types; equal types are the same pointer.
class TypeContext {
public:
  TypeContext();
  ~TypeContext();
  const Type *scalar(DType d);
  const Type *boolTy() { return scalar(DType::Bool); }
  const Type *i64() { return scalar(DType::I64); }
  const Type *f64() { return scalar(DType::F64); }
  const Type *array(DType d, int ndim, bool contiguous = true);
  const Type *tuple(std::vector<const Type *> elts);
  const Type *none();
  const Type *str(); // all string constants share one type; values live in the AST
  const Type *module(const std::string &name);
  const Type *builtin(const std::string &name);
  const Type *function(const std::string &name);
  const Type *dtype(DType d);

private:
  const Type *intern(Type t);
  struct Impl;
  Impl *impl_;
};

} // namespace parjit::typed
