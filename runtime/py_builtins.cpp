// CPython builtins that compiled code needs and the C library lacks.
#include "Runtime.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>
#include <string>

std::string parjit::rt::pyRepr(std::string_view in) {
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
  return out;
}

extern "C" void pj_write_repr_str(const char *s, int64_t len) {
  std::string out = parjit::rt::pyRepr(std::string_view(s, static_cast<size_t>(len)));
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

namespace {
std::vector<std::string> &argvStore() {
  static std::vector<std::string> args;
  return args;
}
std::string strip(const char *s, int64_t len) {
  std::string t(s, static_cast<size_t>(len));
  size_t b = t.find_first_not_of(" \t\n\r\f\v"), e = t.find_last_not_of(" \t\n\r\f\v");
  return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
}
std::string pyQuote(const char *s, int64_t len) {
  std::string t(s, static_cast<size_t>(len));
  return (t.find('\'') != std::string::npos && t.find('"') == std::string::npos) ? '"' + t + '"' : "'" + t + "'";
}
} // namespace

extern "C" void pj_set_argv(int32_t argc, const char *const *argv) {
  argvStore().assign(argv, argv + argc);
}

extern "C" int64_t pj_argc(void) { return static_cast<int64_t>(argvStore().size()); }

extern "C" const char *pj_argv(int64_t i) {
  int64_t n = pj_argc();
  if (i < 0) i += n;
  if (i < 0 || i >= n) {
    pj_raise(PJ_EXC_INDEX, "list index out of range");
    return nullptr;
  }
  return argvStore()[static_cast<size_t>(i)].c_str();
}

extern "C" int64_t pj_str_to_i64(const char *s, int64_t len) {
  std::string t = strip(s, len);
  std::string digits;
  for (size_t k = 0; k < t.size(); ++k)
    if (!(t[k] == '_' && k > 0 && k + 1 < t.size() && isdigit((unsigned char)t[k - 1]) && isdigit((unsigned char)t[k + 1])))
      digits += t[k];
  char *end = nullptr;
  errno = 0;
  long long v = digits.empty() ? 0 : std::strtoll(digits.c_str(), &end, 10);
  bool ok = !digits.empty() && end && *end == '\0' && !std::isspace((unsigned char)digits[0]);
  if (!ok) {
    pj_raise(PJ_EXC_VALUE, ("invalid literal for int() with base 10: " + pyQuote(s, len)).c_str());
    return 0;
  }
  if (errno == ERANGE) {
    pj_raise(PJ_EXC_OVERFLOW, "int too large to convert to int64");
    return 0;
  }
  return v;
}

extern "C" double pj_str_to_f64(const char *s, int64_t len) {
  std::string t = strip(s, len);
  char *end = nullptr;
  double v = t.empty() ? 0 : std::strtod(t.c_str(), &end);
  bool hex = t.find("0x") != std::string::npos || t.find("0X") != std::string::npos;
  if (t.empty() || !end || *end != '\0' || hex) {
    pj_raise(PJ_EXC_VALUE, ("could not convert string to float: " + pyQuote(s, len)).c_str());
    return 0;
  }
  return v;
}
