// Numba signature strings, as written in @jit("float64(float64[:], int64)").
#pragma once
#include "typed/Types.h"
#include <optional>
#include <string>
#include <vector>

namespace parjit::typed {

struct Signature {
  const Type *ret = nullptr;        // null: not given ("(float64[:],)")
  std::vector<const Type *> args;
};

/// Parses a Numba-style signature: scalar names (float64, f8, int32, i4,
/// boolean, b1, intp, ...), arrays (`float64[:]`, `int32[:, ::1]`),
/// `UniTuple(T, n)`, `Tuple(A, B)`, `void`/`none` as a return type. On an
/// error returns nullopt with `err` set and `errCol` the 0-based offset of
/// the problem in `text`.
std::optional<Signature> parseSignature(TypeContext &T, const std::string &text, std::string &err,
                                        size_t &errCol);

} // namespace parjit::typed
