#include "typed/Types.h"
#include <map>
#include <memory>
#include <tuple>

namespace parjit::typed {

bool isInt(DType d) { return d >= DType::I8 && d <= DType::U64; }
bool isSigned(DType d) { return d >= DType::I8 && d <= DType::I64; }
bool isFloat(DType d) { return d == DType::F32 || d == DType::F64; }

unsigned bitWidth(DType d) {
  switch (d) {
  case DType::Bool: return 1;
  case DType::I8: case DType::U8: return 8;
  case DType::I16: case DType::U16: return 16;
  case DType::I32: case DType::U32: case DType::F32: return 32;
  default: return 64;
  }
}
unsigned byteSize(DType d) { return d == DType::Bool ? 1 : bitWidth(d) / 8; }

const char *dtypeName(DType d) {
  static const char *names[] = {"bool", "int8", "int16", "int32", "int64", "uint8",
                                "uint16", "uint32", "uint64", "float32", "float64"};
  return names[static_cast<int>(d)];
}

static DType signedOfBits(unsigned bits) {
  switch (bits) {
  case 8: return DType::I8;
  case 16: return DType::I16;
  case 32: return DType::I32;
  default: return DType::I64;
  }
}

DType promote(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::Bool) return b;
  if (b == DType::Bool) return a;
  if (isFloat(a) || isFloat(b)) {
    if (a == DType::F64 || b == DType::F64) return DType::F64;
    DType other = isFloat(a) ? b : a; // f32 with an int
    if (isFloat(other)) return DType::F32;
    return bitWidth(other) <= 16 ? DType::F32 : DType::F64;
  }
  bool sa = isSigned(a), sb = isSigned(b);
  if (sa == sb) return bitWidth(a) >= bitWidth(b) ? a : b;
  DType s = sa ? a : b, u = sa ? b : a;
  if (bitWidth(s) > bitWidth(u)) return s;
  if (bitWidth(u) < 64) return signedOfBits(bitWidth(u) * 2);
  return DType::F64;
}

bool Type::isValue() const {
  switch (kind) {
  case TypeKind::Scalar: case TypeKind::Array: case TypeKind::None: case TypeKind::Str:
    return true;
  case TypeKind::Tuple:
    for (const Type *e : elts)
      if (!e->isValue()) return false;
    return true;
  default:
    return false;
  }
}

std::string Type::str() const {
  switch (kind) {
  case TypeKind::Scalar: return dtypeName(dtype);
  case TypeKind::Array:
    return std::string("array(") + dtypeName(dtype) + ", " + std::to_string(ndim) + "d" + (contiguous ? ")" : ", A)");
  case TypeKind::Tuple: {
    std::string s = "tuple(";
    for (size_t i = 0; i < elts.size(); ++i) s += (i ? ", " : "") + elts[i]->str();
    return s + ")";
  }
  case TypeKind::None: return "none";
  case TypeKind::Str: return "str";
  case TypeKind::Module: return "module '" + name + "'";
  case TypeKind::Function: return "function '" + name + "'";
  case TypeKind::Builtin: return "builtin '" + name + "'";
  case TypeKind::DType: return std::string("dtype ") + dtypeName(dtype);
  }
  return "?";
}

struct TypeContext::Impl {
  std::map<std::tuple<int, int, int, bool, std::vector<const Type *>, std::string>, std::unique_ptr<Type>> pool;
};

TypeContext::TypeContext() : impl_(new Impl) {}
TypeContext::~TypeContext() { delete impl_; }

const Type *TypeContext::intern(Type t) {
  auto key = std::make_tuple(static_cast<int>(t.kind), static_cast<int>(t.dtype), t.ndim, t.contiguous, t.elts, t.name);
  auto &slot = impl_->pool[key];
  if (!slot) slot = std::make_unique<Type>(std::move(t));
  return slot.get();
}

const Type *TypeContext::scalar(DType d) { Type t{TypeKind::Scalar}; t.dtype = d; return intern(t); }
const Type *TypeContext::array(DType d, int ndim, bool contiguous) {
  Type t{TypeKind::Array}; t.dtype = d; t.ndim = ndim; t.contiguous = contiguous; return intern(t);
}
const Type *TypeContext::tuple(std::vector<const Type *> elts) {
  Type t{TypeKind::Tuple}; t.elts = std::move(elts); return intern(t);
}
const Type *TypeContext::none() { return intern(Type{TypeKind::None}); }
const Type *TypeContext::str() { return intern(Type{TypeKind::Str}); }
const Type *TypeContext::module(const std::string &n) { Type t{TypeKind::Module}; t.name = n; return intern(t); }
const Type *TypeContext::builtin(const std::string &n) { Type t{TypeKind::Builtin}; t.name = n; return intern(t); }
const Type *TypeContext::function(const std::string &n) { Type t{TypeKind::Function}; t.name = n; return intern(t); }
const Type *TypeContext::dtype(DType d) { Type t{TypeKind::DType}; t.dtype = d; return intern(t); }

} // namespace parjit::typed
