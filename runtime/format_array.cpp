// str(a) and repr(a) of an ndarray, ported from NumPy 1.24's
// numpy/core/arrayprint.py with the default print options.
#include "Runtime.h"
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace parjit::rt {
namespace {

// np.get_printoptions() defaults.
constexpr int kPrecision = 8;
constexpr int64_t kThreshold = 1000;
constexpr int64_t kEdgeItems = 3;
constexpr int kLineWidth = 75;

bool isFloat(int dtype) { return dtype == PJ_FLOAT32 || dtype == PJ_FLOAT64; }
bool isUnsigned(int dtype) { return dtype >= PJ_UINT8 && dtype <= PJ_UINT64; }

const char *dtypeName(int dtype) {
  static const char *names[] = {"bool",   "int8",   "int16",  "int32",   "int64",  "uint8",
                                "uint16", "uint32", "uint64", "float32", "float64"};
  return dtype >= 0 && dtype <= PJ_FLOAT64 ? names[dtype] : "?";
}

// One element, widened: floats as double (float32 values are exact in it).
struct Elem {
  double f = 0;
  int64_t i = 0;
  uint64_t u = 0;
  bool b = false;
};

Elem load(const char *p, int dtype) {
  Elem e;
  switch (dtype) {
  case PJ_BOOL: e.b = *reinterpret_cast<const uint8_t *>(p) != 0; break;
  case PJ_INT8: e.i = *reinterpret_cast<const int8_t *>(p); break;
  case PJ_INT16: { int16_t v; std::memcpy(&v, p, 2); e.i = v; break; }
  case PJ_INT32: { int32_t v; std::memcpy(&v, p, 4); e.i = v; break; }
  case PJ_INT64: std::memcpy(&e.i, p, 8); break;
  case PJ_UINT8: e.u = *reinterpret_cast<const uint8_t *>(p); break;
  case PJ_UINT16: { uint16_t v; std::memcpy(&v, p, 2); e.u = v; break; }
  case PJ_UINT32: { uint32_t v; std::memcpy(&v, p, 4); e.u = v; break; }
  case PJ_UINT64: std::memcpy(&e.u, p, 8); break;
  case PJ_FLOAT32: { float v; std::memcpy(&v, p, 4); e.f = v; break; }
  case PJ_FLOAT64: std::memcpy(&e.f, p, 8); break;
  }
  return e;
}

// FloatingFormat (floatmode='maxprec', suppress=False, sign='-').
class FloatingFormat {
public:
  FloatingFormat(const std::vector<double> &data, bool f32) : f32_(f32) { fill(data); }

  std::string operator()(double x) const {
    if (!std::isfinite(x)) {
      std::string ret = std::isnan(x) ? "nan" : (x < 0 ? "-inf" : "inf");
      int width = padLeft_ + padRight_ + 1 - static_cast<int>(ret.size());
      return std::string(width > 0 ? width : 0, ' ') + ret;
    }
    Dragon4Options o;
    o.precision = precision_;
    o.minDigits = minDigits_;
    o.trim = trim_;
    o.padLeft = padLeft_;
    if (expFormat_) {
      o.scientific = true;
      o.expDigits = expSize_;
    } else {
      o.padRight = padRight_;
    }
    return dragon4(x, f32_, o);
  }

private:
  void fill(const std::vector<double> &data) {
    std::vector<double> finite;
    for (double x : data)
      if (std::isfinite(x)) finite.push_back(x);

    // choose exponential mode from the non-zero finite values
    bool any = false;
    double maxv = 0, minv = 0;
    for (double x : finite) {
      if (x == 0) continue;
      double a = std::fabs(x);
      if (!any || a > maxv) maxv = a;
      if (!any || a < minv) minv = a;
      any = true;
    }
    if (any) {
      // max/min is computed in the array's dtype (a float32 quotient may overflow)
      double ratio = f32_ ? double(float(maxv) / float(minv)) : maxv / minv;
      if (maxv >= 1e8 || minv < 0.0001 || ratio > 1000.) expFormat_ = true;
    }

    if (finite.empty()) {
      padLeft_ = 0;
      padRight_ = 0;
      trim_ = TrimMode::Zeros;
      expSize_ = -1;
      minDigits_ = -1;
    } else if (expFormat_) {
      Dragon4Options o;
      o.scientific = true;
      o.precision = precision_;
      o.trim = TrimMode::Zeros;
      int maxInt = 0, maxFrac = 0, maxExp = 0;
      for (double x : finite) {
        std::string s = dragon4(x, f32_, o);
        size_t e = s.find('e'), dot = s.find('.');
        maxInt = std::max(maxInt, static_cast<int>(dot));
        maxFrac = std::max(maxFrac, static_cast<int>(e - dot - 1));
        maxExp = std::max(maxExp, static_cast<int>(s.size() - e - 1));
      }
      expSize_ = maxExp - 1;
      trim_ = TrimMode::None;
      precision_ = maxFrac;
      minDigits_ = maxFrac;
      padLeft_ = maxInt;
      padRight_ = expSize_ + 2 + precision_;
    } else {
      Dragon4Options o;
      o.precision = precision_;
      o.trim = TrimMode::Zeros;
      int maxInt = 0, maxFrac = 0;
      for (double x : finite) {
        std::string s = dragon4(x, f32_, o);
        size_t dot = s.find('.');
        maxInt = std::max(maxInt, static_cast<int>(dot));
        maxFrac = std::max(maxFrac, static_cast<int>(s.size() - dot - 1));
      }
      padLeft_ = maxInt;
      padRight_ = maxFrac;
      expSize_ = -1;
      trim_ = TrimMode::Zeros;
      minDigits_ = 0;
    }

    if (finite.size() != data.size()) {
      bool negInf = false;
      for (double x : data)
        if (std::isinf(x) && x < 0) negInf = true;
      int offset = padRight_ + 1; // +1 for the decimal point
      padLeft_ = std::max({padLeft_, 3 - offset, 3 + (negInf ? 1 : 0) - offset});
    }
  }

  bool f32_;
  bool expFormat_ = false;
  int precision_ = kPrecision;
  int minDigits_ = -1;
  TrimMode trim_ = TrimMode::Zeros;
  int padLeft_ = 0, padRight_ = 0, expSize_ = -1;
};

struct Printer {
  const char *data;
  int dtype;
  int ndim;
  const int64_t *shape;
  const int64_t *strides;
  bool summarize;
  std::string separator;
  std::function<std::string(const Elem &)> format;

  Elem at(const std::vector<int64_t> &index) const {
    const char *p = data;
    for (int d = 0; d < ndim; ++d) p += index[d] * strides[d];
    return load(p, dtype);
  }

  // The indices of axis d that are printed: all, or the edge items around '...'.
  std::vector<int64_t> shownIndices(int d) const {
    std::vector<int64_t> idx;
    int64_t n = shape[d];
    if (summarize && n > 2 * kEdgeItems) {
      for (int64_t i = 0; i < kEdgeItems; ++i) idx.push_back(i);
      for (int64_t i = n - kEdgeItems; i < n; ++i) idx.push_back(i);
    } else {
      for (int64_t i = 0; i < n; ++i) idx.push_back(i);
    }
    return idx;
  }

  // _leading_trailing: the elements the formatter is sized from.
  std::vector<Elem> shownData() const {
    std::vector<std::vector<int64_t>> axes;
    for (int d = 0; d < ndim; ++d) axes.push_back(shownIndices(d));
    std::vector<Elem> out;
    std::vector<int64_t> index(ndim, 0);
    std::vector<size_t> pos(ndim, 0);
    for (;;) {
      for (int d = 0; d < ndim; ++d) index[d] = axes[d][pos[d]];
      out.push_back(at(index));
      int d = ndim - 1;
      while (d >= 0 && ++pos[d] == axes[d].size()) pos[d--] = 0;
      if (d < 0) break;
    }
    return out;
  }

  static std::string rstrip(const std::string &s) {
    size_t e = s.find_last_not_of(" \t\n\r\f\v");
    return e == std::string::npos ? std::string() : s.substr(0, e + 1);
  }

  // _extendLine (element words never span lines here, so _extendLine_pretty
  // always takes this path).
  static void extendLine(std::string &s, std::string &line, const std::string &word, int lineWidth,
                         const std::string &nextLinePrefix) {
    bool needsWrap = line.size() + word.size() > static_cast<size_t>(lineWidth);
    if (line.size() <= nextLinePrefix.size()) needsWrap = false; // wrapping would not help
    if (needsWrap) {
      s += rstrip(line) + "\n";
      line = nextLinePrefix;
    }
    line += word;
  }

  // _formatArray's recurser; index entries are already non-negative.
  std::string recurse(std::vector<int64_t> &index, const std::string &hangingIndent, int currWidth) const {
    int axis = static_cast<int>(index.size());
    int axesLeft = ndim - axis;
    if (axesLeft == 0) return format(at(index));

    std::string nextHangingIndent = hangingIndent + " ";
    int nextWidth = currWidth - 1; // len(']')
    int64_t aLen = shape[axis];
    bool showSummary = summarize && 2 * kEdgeItems < aLen;
    int64_t leading = showSummary ? kEdgeItems : 0;
    int64_t trailing = showSummary ? kEdgeItems : aLen;

    auto child = [&](int64_t i) {
      index.push_back(i);
      std::string r = recurse(index, nextHangingIndent, nextWidth);
      index.pop_back();
      return r;
    };

    std::string s;
    if (axesLeft == 1) {
      int sepLen = static_cast<int>(rstrip(separator).size());
      int elemWidth = currWidth - std::max(sepLen, 1);
      std::string line = hangingIndent;
      for (int64_t i = 0; i < leading; ++i) {
        extendLine(s, line, child(i), elemWidth, hangingIndent);
        line += separator;
      }
      if (showSummary) {
        extendLine(s, line, "...", elemWidth, hangingIndent);
        line += separator;
      }
      for (int64_t i = trailing; i > 1; --i) {
        extendLine(s, line, child(aLen - i), elemWidth, hangingIndent);
        line += separator;
      }
      extendLine(s, line, child(aLen - 1), elemWidth, hangingIndent);
      s += line;
    } else {
      std::string lineSep = rstrip(separator) + std::string(axesLeft - 1, '\n');
      for (int64_t i = 0; i < leading; ++i) s += hangingIndent + child(i) + lineSep;
      if (showSummary) s += hangingIndent + "..." + lineSep;
      for (int64_t i = trailing; i > 1; --i) s += hangingIndent + child(aLen - i) + lineSep;
      s += hangingIndent + child(aLen - 1);
    }
    return "[" + s.substr(hangingIndent.size()) + "]";
  }
};

std::string intToString(const Elem &e, bool isUnsignedType) {
  return isUnsignedType ? std::to_string(e.u) : std::to_string(e.i);
}

// The element formatter for the shown data: FloatingFormat, IntegerFormat or BoolFormat.
std::function<std::string(const Elem &)> makeFormat(int dtype, const std::vector<Elem> &shown, bool zeroDim) {
  if (dtype == PJ_BOOL) {
    std::string trueStr = zeroDim ? "True" : " True";
    return [trueStr](const Elem &e) { return e.b ? trueStr : std::string("False"); };
  }
  if (isFloat(dtype)) {
    std::vector<double> vals;
    for (const Elem &e : shown) vals.push_back(e.f);
    auto ff = std::make_shared<FloatingFormat>(vals, dtype == PJ_FLOAT32);
    return [ff](const Elem &e) { return (*ff)(e.f); };
  }
  bool u = isUnsigned(dtype);
  size_t width = 0;
  if (!shown.empty()) {
    auto less = [u](const Elem &a, const Elem &b) { return u ? a.u < b.u : a.i < b.i; };
    auto [mn, mx] = std::minmax_element(shown.begin(), shown.end(), less);
    width = std::max(intToString(*mn, u).size(), intToString(*mx, u).size());
  }
  return [u, width](const Elem &e) {
    std::string s = intToString(e, u);
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
  };
}

std::string shapeRepr(int ndim, const int64_t *shape) {
  std::string s = "(";
  for (int d = 0; d < ndim; ++d) {
    if (d) s += ", ";
    s += std::to_string(shape[d]);
  }
  return s + (ndim == 1 ? ",)" : ")");
}

// str() of a 0-d array is the str() of its scalar.
std::string scalarStr(const Elem &e, int dtype) {
  if (dtype == PJ_BOOL) return e.b ? "True" : "False";
  if (isFloat(dtype)) return formatNumpyScalar(e.f, dtype == PJ_FLOAT32);
  return intToString(e, isUnsigned(dtype));
}

} // namespace

std::string formatArray(const void *data, int dtype, int ndim, const int64_t *shape,
                        const int64_t *strides, bool repr) {
  int64_t size = 1;
  for (int d = 0; d < ndim; ++d) size *= shape[d];

  Printer p{static_cast<const char *>(data), dtype, ndim, shape, strides, size > kThreshold,
            repr ? ", " : " ", nullptr};
  if (ndim == 0 && !repr) return scalarStr(p.at({}), dtype);

  // array2string; repr passes prefix "array(" and a one-character suffix.
  const std::string prefix = "array(";
  std::string lst;
  if (size == 0) {
    lst = "[]";
    if (repr && !(ndim == 1 && shape[0] == 0)) lst += ", shape=" + shapeRepr(ndim, shape);
  } else {
    p.format = makeFormat(dtype, p.shownData(), ndim == 0);
    std::string nextLinePrefix = repr ? " " + std::string(prefix.size(), ' ') : " ";
    int lineWidth = repr ? kLineWidth - 1 : kLineWidth;
    std::vector<int64_t> index;
    lst = p.recurse(index, nextLinePrefix, lineWidth);
  }
  if (!repr) return lst;

  bool skipDtype = (dtype == PJ_BOOL || dtype == PJ_INT64 || dtype == PJ_FLOAT64) && size > 0;
  std::string arrStr = prefix + lst + (skipDtype ? ")" : ",");
  if (skipDtype) return arrStr;
  std::string dtypeStr = std::string("dtype=") + dtypeName(dtype) + ")";
  size_t lastLineLen = arrStr.size() - (arrStr.rfind('\n') + 1); // npos + 1 == 0
  bool newLine = lastLineLen + dtypeStr.size() + 1 > static_cast<size_t>(kLineWidth);
  return arrStr + (newLine ? "\n" + std::string(prefix.size(), ' ') : " ") + dtypeStr;
}

} // namespace parjit::rt
