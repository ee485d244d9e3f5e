// Float to text exactly as CPython's repr(float) and NumPy 1.24's Dragon4
// (numpy/core/src/multiarray/dragon4.c: unique digits, cutoffs, trim, padding).
#include "Runtime.h"
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace parjit::rt {
namespace {

// An unsigned big integer, little-endian 32-bit blocks. Dragon4 needs at most
// ~1130 bits for a double (denormals scaled by 10^324), so 48 blocks suffice.
struct Big {
  static constexpr int kMax = 48;
  uint32_t b[kMax];
  int n = 0;

  void set(uint64_t v) {
    n = 0;
    while (v) {
      b[n++] = static_cast<uint32_t>(v);
      v >>= 32;
    }
  }
  void setPow2(int e) {
    n = e / 32 + 1;
    std::memset(b, 0, sizeof(uint32_t) * n);
    b[n - 1] = 1u << (e % 32);
  }
  bool isZero() const { return n == 0; }
  void mulSmall(uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < n; ++i) {
      uint64_t p = uint64_t(b[i]) * m + carry;
      b[i] = static_cast<uint32_t>(p);
      carry = p >> 32;
    }
    if (carry) b[n++] = static_cast<uint32_t>(carry);
  }
  void mulPow10(int e) {
    for (; e >= 9; e -= 9) mulSmall(1000000000u);
    static const uint32_t small[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    if (e > 0) mulSmall(small[e]);
  }
  void shiftLeft(int s) {
    if (n == 0 || s == 0) return;
    int blocks = s / 32, bits = s % 32;
    uint32_t out[kMax] = {};
    for (int i = 0; i < n; ++i) {
      uint64_t v = uint64_t(b[i]) << bits;
      out[i + blocks] |= static_cast<uint32_t>(v);
      if (v >> 32) out[i + blocks + 1] |= static_cast<uint32_t>(v >> 32);
    }
    n += blocks + 1;
    std::memcpy(b, out, sizeof(uint32_t) * n);
    trim();
  }
  void trim() {
    while (n > 0 && b[n - 1] == 0) --n;
  }
  static int cmp(const Big &x, const Big &y) {
    if (x.n != y.n) return x.n < y.n ? -1 : 1;
    for (int i = x.n - 1; i >= 0; --i)
      if (x.b[i] != y.b[i]) return x.b[i] < y.b[i] ? -1 : 1;
    return 0;
  }
  static Big add(const Big &x, const Big &y) {
    Big r;
    int m = x.n > y.n ? x.n : y.n;
    uint64_t carry = 0;
    for (int i = 0; i < m; ++i) {
      uint64_t s = carry + (i < x.n ? x.b[i] : 0) + (i < y.n ? y.b[i] : 0);
      r.b[i] = static_cast<uint32_t>(s);
      carry = s >> 32;
    }
    r.n = m;
    if (carry) r.b[r.n++] = 1;
    return r;
  }
  void sub(const Big &y) { // requires *this >= y
    int64_t borrow = 0;
    for (int i = 0; i < n; ++i) {
      int64_t d = int64_t(b[i]) - (i < y.n ? y.b[i] : 0) - borrow;
      borrow = d < 0;
      b[i] = static_cast<uint32_t>(d + (borrow ? (int64_t(1) << 32) : 0));
    }
    trim();
  }
  // this = this mod d; returns the quotient, which the callers keep below 10.
  uint32_t divSmallQuotient(const Big &d) {
    uint32_t q = 0;
    while (cmp(*this, d) >= 0) {
      sub(d);
      ++q;
    }
    return q;
  }
};

struct Decomposed {
  uint64_t mantissa;
  int exponent;     // value = mantissa * 2^exponent
  int mantissaBit;  // index of the highest set bit of mantissa
  bool unequalMargins;
  bool negative, isNan, isInf;
};

int highestBit(uint64_t v) { return 63 - __builtin_clzll(v); }

Decomposed decompose(double v, bool asFloat32) {
  Decomposed d{};
  if (asFloat32) {
    float f = static_cast<float>(v);
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    uint32_t frac = bits & 0x7fffff, ex = (bits >> 23) & 0xff;
    d.negative = bits >> 31;
    d.isNan = ex == 0xff && frac;
    d.isInf = ex == 0xff && !frac;
    if (ex) {
      d.mantissa = (1u << 23) | frac;
      d.exponent = int(ex) - 127 - 23;
      d.mantissaBit = 23;
      d.unequalMargins = ex != 1 && frac == 0;
    } else {
      d.mantissa = frac;
      d.exponent = 1 - 127 - 23;
      d.mantissaBit = frac ? highestBit(frac) : 0;
    }
    return d;
  }
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  uint64_t frac = bits & ((uint64_t(1) << 52) - 1);
  uint32_t ex = (bits >> 52) & 0x7ff;
  d.negative = bits >> 63;
  d.isNan = ex == 0x7ff && frac;
  d.isInf = ex == 0x7ff && !frac;
  if (ex) {
    d.mantissa = (uint64_t(1) << 52) | frac;
    d.exponent = int(ex) - 1023 - 52;
    d.mantissaBit = 52;
    d.unequalMargins = ex != 1 && frac == 0;
  } else {
    d.mantissa = frac;
    d.exponent = 1 - 1023 - 52;
    d.mantissaBit = frac ? highestBit(frac) : 0;
  }
  return d;
}

// Dragon4 in NumPy's "unique" digit mode: the shortest digits that identify the
// value, but never past cutoffMax and never fewer than cutoffMin (each counted
// as total digits, or as digits after the point when `fractional`; -1: none).
// Returns the digits; *outExp is the decimal exponent of the first digit.
std::string dragon4Digits(const Decomposed &d, bool fractional, int cutoffMax, int cutoffMin,
                          int *outExp) {
  if (d.mantissa == 0) {
    *outExp = 0;
    return "0";
  }
  // value = scaledValue / scale; the margins are half the gaps to the neighbours.
  Big scale, value, marginLow, marginHigh;
  value.set(d.mantissa);
  bool unequal = d.unequalMargins;
  int shiftExtra = unequal ? 2 : 1; // scale everything so the margins are integers
  if (d.exponent > 0) {
    value.shiftLeft(d.exponent + shiftExtra);
    scale.set(uint64_t(1) << shiftExtra);
    marginLow.setPow2(d.exponent);
  } else {
    value.shiftLeft(shiftExtra);
    scale.setPow2(-d.exponent + shiftExtra);
    marginLow.set(1);
  }
  auto syncHigh = [&] {
    marginHigh = marginLow;
    if (unequal) marginHigh.shiftLeft(1);
  };

  const double log10_2 = 0.30102999566398119521373889472449;
  int digitExponent = static_cast<int>(std::ceil(double(d.mantissaBit + d.exponent) * log10_2 - 0.69));
  if (cutoffMax >= 0 && fractional && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;

  if (digitExponent > 0) {
    scale.mulPow10(digitExponent);
  } else if (digitExponent < 0) {
    value.mulPow10(-digitExponent);
    marginLow.mulPow10(-digitExponent);
  }
  if (Big::cmp(value, scale) >= 0) {
    ++digitExponent; // the estimate was one too low
  } else {
    value.mulSmall(10);
    marginLow.mulSmall(10);
  }
  syncHigh();

  const int bufferSize = 16384;
  int cutoffMaxExp = digitExponent - bufferSize;
  if (cutoffMax >= 0) {
    int want = fractional ? -cutoffMax : digitExponent - cutoffMax;
    if (want > cutoffMaxExp) cutoffMaxExp = want;
  }
  int cutoffMinExp = digitExponent;
  if (cutoffMin >= 0) {
    int want = fractional ? -cutoffMin : digitExponent - cutoffMin;
    if (want < cutoffMinExp) cutoffMinExp = want;
  }
  *outExp = digitExponent - 1;

  bool isEven = (d.mantissa & 1) == 0;
  std::string digits;
  uint32_t digit;
  bool low, high;
  for (;;) {
    --digitExponent;
    digit = value.divSmallQuotient(scale);
    Big valueHigh = Big::add(value, marginHigh);
    int c = Big::cmp(value, marginLow);
    low = isEven ? c <= 0 : c < 0;
    c = Big::cmp(valueHigh, scale);
    high = isEven ? c >= 0 : c > 0;
    if (((low || high) && digitExponent <= cutoffMinExp) || digitExponent == cutoffMaxExp) break;
    digits += static_cast<char>('0' + digit);
    value.mulSmall(10);
    marginLow.mulSmall(10);
    syncHigh();
  }

  bool roundDown = low;
  if (low == high) { // both directions allowed: round to nearest, ties to even
    value.shiftLeft(1);
    int c = Big::cmp(value, scale);
    roundDown = c < 0;
    if (c == 0) roundDown = (digit & 1) == 0;
  }
  if (roundDown) {
    digits += static_cast<char>('0' + digit);
  } else if (digit < 9) {
    digits += static_cast<char>('0' + digit + 1);
  } else {
    // carry through the trailing nines
    while (!digits.empty() && digits.back() == '9') digits.pop_back();
    if (digits.empty()) {
      digits = "1";
      *outExp += 1;
    } else {
      digits.back() += 1;
    }
  }
  return digits;
}

std::string formatPositional(const Decomposed &d, char sign, const Dragon4Options &o) {
  std::string out;
  int hasSign = 0;
  if (sign) {
    out += sign;
    hasSign = 1;
  }
  int printExp;
  std::string digits = dragon4Digits(d, o.fractional, o.precision, o.minDigits, &printExp);
  int nd = static_cast<int>(digits.size());
  int numWhole, numFrac = 0;
  if (printExp >= 0) {
    numWhole = printExp + 1;
    if (nd <= numWhole) {
      out += digits;
      out.append(numWhole - nd, '0');
    } else {
      out += digits.substr(0, numWhole);
      out += '.';
      out += digits.substr(numWhole);
      numFrac = nd - numWhole;
    }
  } else {
    int zeros = -(printExp + 1);
    out += "0.";
    out.append(zeros, '0');
    out += digits;
    numFrac = zeros + nd;
    numWhole = 1;
  }
  if (o.trim != TrimMode::DptZeros && numFrac == 0) out += '.';

  int addDigits = o.minDigits;
  int desiredFrac = addDigits < 0 ? 0 : addDigits;
  if (!o.fractional) desiredFrac = addDigits - numWhole;
  if (o.trim == TrimMode::LeaveOneZero) {
    if (numFrac == 0) {
      out += '0';
      ++numFrac;
    }
  } else if (o.trim == TrimMode::None && desiredFrac > numFrac) {
    out.append(desiredFrac - numFrac, '0');
    numFrac = desiredFrac;
  }
  if (o.trim != TrimMode::None && numFrac > 0) {
    while (out.back() == '0') {
      out.pop_back();
      --numFrac;
    }
    if (out.back() == '.') {
      if (o.trim == TrimMode::LeaveOneZero) {
        out += '0';
        ++numFrac;
      } else if (o.trim == TrimMode::DptZeros) {
        out.pop_back();
      }
    }
  }
  if (o.padRight >= numFrac) {
    if (o.trim == TrimMode::DptZeros && numFrac == 0) out += ' ';
    out.append(o.padRight - numFrac, ' ');
  }
  if (o.padLeft > numWhole + hasSign) out.insert(0, o.padLeft - (numWhole + hasSign), ' ');
  return out;
}

std::string formatScientific(const Decomposed &d, char sign, const Dragon4Options &o) {
  std::string out;
  int leftChars = 1 + (sign ? 1 : 0);
  if (o.padLeft > leftChars) out.append(o.padLeft - leftChars, ' ');
  if (sign) out += sign;
  int printExp;
  std::string digits = dragon4Digits(d, /*fractional=*/false, o.precision < 0 ? -1 : o.precision + 1,
                                     o.minDigits < 0 ? -1 : o.minDigits + 1, &printExp);
  out += digits[0];
  int numFrac = static_cast<int>(digits.size()) - 1;
  if (numFrac > 0) {
    out += '.';
    out += digits.substr(1);
  }
  if (o.trim != TrimMode::DptZeros && numFrac == 0) out += '.';
  int addDigits = o.minDigits < 0 ? 0 : o.minDigits;
  if (o.trim == TrimMode::LeaveOneZero) {
    if (numFrac == 0) {
      out += '0';
      ++numFrac;
    }
  } else if (o.trim == TrimMode::None && addDigits > numFrac) {
    out.append(addDigits - numFrac, '0');
    numFrac = addDigits;
  }
  if (o.trim != TrimMode::None && numFrac > 0) {
    while (out.back() == '0') {
      out.pop_back();
      --numFrac;
    }
    if (o.trim == TrimMode::LeaveOneZero && out.back() == '.') {
      out += '0';
      ++numFrac;
    }
  }
  int expDigits = o.expDigits < 0 ? 2 : (o.expDigits > 5 ? 5 : o.expDigits);
  out += 'e';
  out += printExp >= 0 ? '+' : '-';
  std::string e = std::to_string(printExp >= 0 ? printExp : -printExp);
  if (static_cast<int>(e.size()) < expDigits) e.insert(0, expDigits - e.size(), '0');
  out += e;
  return out;
}

} // namespace

std::string dragon4(double v, bool asFloat32, const Dragon4Options &opts) {
  Decomposed d = decompose(v, asFloat32);
  char sign = d.negative ? '-' : (opts.sign ? '+' : 0);
  if (d.isNan) return "nan";
  if (d.isInf) return sign ? std::string(1, sign) + "inf" : "inf";
  return opts.scientific ? formatScientific(d, sign, opts) : formatPositional(d, sign, opts);
}

std::string formatFloat64(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  // Shortest round-trip digits, then CPython's float_repr_style layout.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  std::string out;
  if (s[0] == '-') {
    out += '-';
    s.erase(0, 1);
  }
  size_t e = s.find('e');
  int exp10 = std::stoi(s.substr(e + 1));
  std::string digits = s.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1); // drop the '.'
  int nd = static_cast<int>(digits.size());
  int decpt = exp10 + 1; // value = 0.DIGITS * 10^decpt
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out.append(-decpt, '0');
      out += digits;
    } else if (decpt >= nd) {
      out += digits;
      out.append(decpt - nd, '0');
      out += ".0";
    } else {
      out += digits.substr(0, decpt);
      out += '.';
      out += digits.substr(decpt);
    }
  } else {
    out += digits[0];
    if (nd > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += exp10 < 0 ? '-' : '+';
    std::string ex = std::to_string(exp10 < 0 ? -exp10 : exp10);
    if (ex.size() < 2) ex.insert(0, "0");
    out += ex;
  }
  return out;
}

// NumPy's str() of a float scalar: positional between 1e-4 and 1e16, else scientific.
std::string formatNumpyScalar(double v, bool asFloat32) {
  double a = std::fabs(v);
  Dragon4Options o;
  if (a == 0 || (a >= 1e-4 && a < 1e16) || std::isnan(v) || std::isinf(v)) {
    o.fractional = false;
    o.trim = TrimMode::LeaveOneZero;
  } else {
    o.scientific = true;
    o.trim = TrimMode::DptZeros;
  }
  return dragon4(v, asFloat32, o);
}

std::string formatFloat32(float v) { return formatNumpyScalar(v, /*asFloat32=*/true); }

} // namespace parjit::rt
