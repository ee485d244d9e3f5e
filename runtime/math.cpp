// Python's float ** float and NumPy's int64 ** int64, with their errors.
#include "Runtime.h"
#include <cerrno>
#include <cmath>

namespace {
bool isOddInteger(double x) { return std::fmod(std::fabs(x), 2.0) == 1.0; }
} // namespace

// Follows CPython's float_pow case by case. Where CPython would return a
// complex number (negative base, non-integer exponent) compiled code has no
// complex type, so this raises ValueError instead.
extern "C" double pj_pow_f64(double a, double b) {
  if (b == 0) return 1.0;
  if (std::isnan(a)) return a;
  if (std::isnan(b)) return a == 1.0 ? 1.0 : b;
  if (std::isinf(b)) {
    double m = std::fabs(a);
    if (m == 1.0) return 1.0;
    return (b > 0) == (m > 1.0) ? std::fabs(b) : 0.0;
  }
  if (std::isinf(a)) {
    bool odd = isOddInteger(b);
    if (a > 0) return b > 0 ? a : 0.0;
    return b > 0 ? (odd ? a : -a) : (odd ? -0.0 : 0.0);
  }
  if (a == 0.0) {
    if (b < 0) {
      pj_raise(PJ_EXC_ZERO_DIVISION, "0.0 cannot be raised to a negative power");
      return 0.0;
    }
    return isOddInteger(b) ? a : 0.0;
  }
  bool negate = false;
  if (a < 0) {
    if (b != std::floor(b)) {
      pj_raise(PJ_EXC_VALUE, "negative number cannot be raised to a fractional power");
      return 0.0;
    }
    negate = isOddInteger(b);
    a = -a;
  }
  if (a == 1.0) return negate ? -1.0 : 1.0;
  double r = std::pow(a, b);
  if (negate) r = -r;
  if (std::isinf(r)) { // finite inputs overflowed: CPython's ERANGE
    pj_raise(PJ_EXC_OVERFLOW, "(34, 'Numerical result out of range')");
    return r;
  }
  return r;
}

extern "C" int64_t pj_pow_i64(int64_t a, int64_t b) {
  if (b < 0) {
    pj_raise(PJ_EXC_VALUE, "Integers to negative integer powers are not allowed.");
    return 0;
  }
  // square and multiply in unsigned arithmetic: wraps like NumPy's int64
  uint64_t base = static_cast<uint64_t>(a), result = 1;
  for (uint64_t e = static_cast<uint64_t>(b); e; e >>= 1) {
    if (e & 1) result *= base;
    base *= base;
  }
  return static_cast<int64_t>(result);
}
