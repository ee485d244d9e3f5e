// Shared by the C++ reference kernels: a clock and Python's float repr, so that
// each binary prints `NAME SECONDS CHECKSUM` exactly as the parjit script does.
#pragma once
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

// Kernels are compiled out of line and opaque to the caller (noipa: no inlining,
// no cloning, no constant propagation of n), as a JIT-compiled function is.
#define BENCH_KERNEL __attribute__((noipa))

inline double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// repr(float) in CPython: shortest round-tripping digits; fixed notation when
// the decimal exponent is in [-4, 16), else d.ddde+XX.
inline std::string pyRepr(double x) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string s(buf, r.ptr);
  if (s == "inf" || s == "-inf") return s;
  if (s.find("nan") != std::string::npos) return "nan";
  std::string sign;
  if (s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (s[i] != '.') digits += s[i];
  if (digits == "0") return sign + "0.0";
  if (exp >= -4 && exp < 16) {
    std::string out;
    if (exp < 0) {
      out = "0." + std::string(-exp - 1, '0') + digits;
    } else if ((size_t)exp + 1 >= digits.size()) {
      out = digits + std::string(exp + 1 - digits.size(), '0') + ".0";
    } else {
      out = digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
    }
    return sign + out;
  }
  std::string mant = digits.substr(0, 1);
  if (digits.size() > 1) mant += "." + digits.substr(1);
  char ebuf[16];
  std::snprintf(ebuf, sizeof ebuf, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
  return sign + mant + ebuf;
}

inline void report(const char *name, double seconds, double checksum) {
  std::printf("%s %s %s\n", name, pyRepr(seconds).c_str(), pyRepr(checksum).c_str());
}

// An integer checksum, printed as Python prints an int.
inline void reportInt(const char *name, double seconds, long long checksum) {
  std::printf("%s %s %lld\n", name, pyRepr(seconds).c_str(), checksum);
}

// numpy.sum of a contiguous float64 array, in NumPy's order (1.24): the array
// is reduced in blocks of 8192 (the ufunc buffer size), each block by
// pairwise summation (halves rounded down to a multiple of 8 above 128
// elements; 8 interleaved partial sums at or below 128), the block sums added
// in order to 0.0. parjit's a.sum() and np.sum(a) follow the same order, so
// checksums of transcendental results compare exactly.
inline double numpyPairwise(const double *a, long n) {
  if (n < 8) {
    double res = 0.0;
    for (long i = 0; i < n; ++i) res += a[i];
    return res;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    long i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  long n2 = n / 2;
  n2 -= n2 % 8;
  return numpyPairwise(a, n2) + numpyPairwise(a + n2, n - n2);
}

inline double numpySum(const double *a, long n) {
  double res = 0.0;
  for (long i = 0; i < n; i += 8192) res += numpyPairwise(a + i, n - i < 8192 ? n - i : 8192);
  return res;
}
