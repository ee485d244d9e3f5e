// CPython builtins that compiled code needs and the C library lacks.
#include "parjit/abi.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <string>

extern "C" void pj_write_repr_str(const char *s, int64_t len) {
  std::string in(s, static_cast<size_t>(len));
  char q = (in.find('\'') != std::string::npos && in.find('"') == std::string::npos) ? '"' : '\'';
  std::string out(1, q);
  for (unsigned char c : in) {
    if (c == '\\') out += "\\\\";
    else if (c == static_cast<unsigned char>(q)) { out += '\\'; out += static_cast<char>(c); }
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  out += q;
  pj_write_str(out.data(), static_cast<int64_t>(out.size()));
}

extern "C" double pj_round_f64(double x, int64_t ndigits) {
  // CPython rounds the exact binary value to ndigits decimals, half to even,
  // by formatting and re-reading; glibc's printf rounds exactly the same way.
  if (!std::isfinite(x) || ndigits > 323) return x;
  if (ndigits < -308) return std::copysign(0.0, x);
  if (ndigits >= 0) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(ndigits), x);
    return std::strtod(buf, nullptr);
  }
  double p = std::pow(10.0, static_cast<double>(-ndigits));
  double y = x / p;
  double r = std::nearbyint(y);
  if (std::fabs(y - std::trunc(y)) == 0.5) r = 2.0 * std::nearbyint(y / 2.0);
  return std::copysign(r * p, x);
}

extern "C" double pj_perf_counter(void) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
