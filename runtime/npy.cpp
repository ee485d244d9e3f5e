// np.save / np.load of .npy files, NumPy 1.24's format (numpy/lib/format.py):
// what we write is byte for byte what np.save writes for the same array, and
// we read every file np.save writes for the dtypes of pj_dtype.
#include "Runtime.h"
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <vector>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "we write '<' descrs of native data");

namespace parjit::rt {
namespace {

constexpr std::string_view kMagic("\x93NUMPY", 6); // then the major and minor version bytes
constexpr int64_t kPreamble = 8;
constexpr int64_t kAlign = 64;        // format.ARRAY_ALIGN: the data starts at a multiple of it
constexpr int64_t kGrowthDigits = 21; // format.GROWTH_AXIS_MAX_DIGITS
constexpr int kMaxDims = 32;          // NumPy's NPY_MAXDIMS
constexpr int kMaxNesting = 64;       // of tuples and lists in a header
// np.load's max_header_size: it refuses longer headers (without allow_pickle);
// np.save writes at most ~800 bytes of header for our dtypes and 32 axes.
constexpr int64_t kMaxHeader = 10000;

struct DtypeInfo {
  char kind; // of descr: b, i, u, f
  int size;
  const char *name;
};
constexpr DtypeInfo kDtypes[] = {
    {'b', 1, "bool"},   {'i', 1, "int8"},   {'i', 2, "int16"},  {'i', 4, "int32"},
    {'i', 8, "int64"},  {'u', 1, "uint8"},  {'u', 2, "uint16"}, {'u', 4, "uint32"},
    {'u', 8, "uint64"}, {'f', 4, "float32"}, {'f', 8, "float64"}};

bool validDtype(int32_t dtype) { return dtype >= PJ_BOOL && dtype <= PJ_FLOAT64; }

// dtype.str: '|' for one-byte types, '<' (native, little-endian) for the others.
std::string descrOf(int32_t dtype) {
  const DtypeInfo &d = kDtypes[dtype];
  return std::string(1, d.size == 1 ? '|' : '<') + d.kind + std::to_string(d.size);
}

// ---- errors ----

bool raiseValue(const std::string &msg) {
  pj_raise(PJ_EXC_VALUE, msg.c_str());
  return false;
}

// CPython's OSError text: "[Errno 2] No such file or directory: 'x.npy'".
bool raiseOs(int err, const std::string &path = std::string()) {
  std::string msg = "[Errno " + std::to_string(err) + "] " + std::strerror(err);
  if (!path.empty()) msg += ": " + pyRepr(path);
  pj_raise(err == ENOENT ? PJ_EXC_FILE_NOT_FOUND : PJ_EXC_OS, msg.c_str());
  return false;
}

bool raiseTruncated(const std::string &name, const char *part, int64_t expected, int64_t found) {
  return raiseValue(name + " is truncated: expected " + std::to_string(expected) + " bytes of " + part +
                    ", found " + std::to_string(found));
}

// A path from compiled code (pointer and length); CPython refuses NUL in paths.
bool pathOf(const char *p, int64_t len, std::string &out) {
  out.assign(p, static_cast<size_t>(len));
  return out.find('\0') == std::string::npos || raiseValue("embedded null byte");
}

// ---- files ----

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads up to n bytes (fewer only at the end of the file); -1 on an error.
int64_t readFully(int fd, void *buf, int64_t n) {
  int64_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, static_cast<char *>(buf) + got, static_cast<size_t>(std::min<int64_t>(n - got, 1 << 30)));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += r;
  }
  return got;
}

// Up to n bytes into `out` (fewer only at the end of the file); -1 on an error.
int64_t readString(int fd, std::string &out, int64_t n) {
  out.resize(static_cast<size_t>(n));
  int64_t got = readFully(fd, out.data(), n);
  out.resize(static_cast<size_t>(std::max<int64_t>(got, 0)));
  return got;
}

bool writeAll(int fd, const char *p, int64_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, static_cast<size_t>(std::min<int64_t>(n, 1 << 30)));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return raiseOs(errno);
    p += w;
    n -= w;
  }
  return true;
}

// ---- element loops ----

// Calls row(p) with the first element of each innermost row, in C order.
template <typename F>
void forEachRow(const char *base, int ndim, const int64_t *shape, const int64_t *strides, F row) {
  if (std::any_of(shape, shape + ndim, [](int64_t n) { return n == 0; })) return;
  if (ndim <= 1) return row(base);
  std::vector<int64_t> index(static_cast<size_t>(ndim - 1), 0);
  const char *p = base;
  for (;;) {
    row(p);
    int k = ndim - 2;
    for (; k >= 0; --k) {
      p += strides[k];
      if (++index[k] < shape[k]) break;
      p -= strides[k] * shape[k];
      index[k] = 0;
    }
    if (k < 0) return;
  }
}

template <int Size> void copyElems(char *dst, const char *src, int64_t n, int64_t stride) {
  for (int64_t j = 0; j < n; ++j, dst += Size, src += stride) std::memcpy(dst, src, Size);
}

// n elements `stride` bytes apart into contiguous dst.
void copyElems(char *dst, const char *src, int64_t n, int64_t stride, int size) {
  switch (size) {
  case 1: return copyElems<1>(dst, src, n, stride);
  case 2: return copyElems<2>(dst, src, n, stride);
  case 4: return copyElems<4>(dst, src, n, stride);
  default: return copyElems<8>(dst, src, n, stride);
  }
}

void byteSwap(char *p, int64_t count, int size) {
  for (int64_t j = 0; j < count; ++j, p += size) std::reverse(p, p + size);
}

// NumPy's C_CONTIGUOUS / F_CONTIGUOUS flags: axes of length 1 have any
// stride, and an empty array is both.
bool contiguous(int ndim, const int64_t *shape, const int64_t *strides, int64_t size, bool fortran) {
  if (std::any_of(shape, shape + ndim, [](int64_t n) { return n == 0; })) return true;
  for (int j = 0; j < ndim; ++j) {
    int k = fortran ? j : ndim - 1 - j;
    if (shape[k] == 1) continue;
    if (strides[k] != size) return false;
    size *= shape[k];
  }
  return true;
}

// ---- the header: a Python dict literal ----

// A value of the literal, as ast.literal_eval would build it, limited to what
// a header can hold; `text` is its source, for messages.
struct Value {
  enum Kind { Str, Int, Bool, None, Tuple, List, Other } kind = Other;
  std::string_view text;
  std::string str;
  int64_t i = 0;
  bool negative = false, overflow = false; // an Int below 0, beyond int64
  bool b = false;
  std::vector<Value> items;
};

// A recursive-descent parser for `{'key': value, ...}` with string, integer,
// True/False/None, tuple and list values. `longInts` accepts Python 2's 3L
// (NumPy filters the L out of version 1.0 and 2.0 headers).
class HeaderParser {
public:
  HeaderParser(std::string_view s, bool longInts) : s_(s), longInts_(longInts) {}

  bool dict(std::vector<std::pair<std::string, Value>> &out) {
    if (!expect('{', "'{'")) return false;
    while (!peek('}')) {
      Value key, v;
      if (!peek('\'') && !peek('"')) return fail("a string key or '}'");
      if (!value(key) || !expect(':', "':'") || !value(v)) return false;
      out.emplace_back(key.str, std::move(v));
      if (!peek('}') && !expect(',', "',' or '}'")) return false;
    }
    ++pos_;
    skipSpace();
    return pos_ == s_.size() || fail("the end of the header");
  }

  const std::string &error() const { return error_; }

private:
  std::string_view s_;
  bool longInts_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;

  void skipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r' ||
                                s_[pos_] == '\f'))
      ++pos_;
  }
  bool peek(char c) {
    skipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool expect(char c, const char *what) {
    if (!peek(c)) return fail(what);
    ++pos_;
    return true;
  }
  static bool isIdent(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
  size_t identEnd(size_t p) const {
    while (p < s_.size() && isIdent(s_[p])) ++p;
    return p;
  }

  // "expected ':' at column 9, found '='"
  bool fail(const std::string &what) {
    std::string found = "the end of the header";
    if (pos_ < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (std::isalpha(c) || c == '_') found = "'" + std::string(s_.substr(pos_, identEnd(pos_) - pos_)) + "'";
      else if (c >= 0x20 && c < 0x7f) found = "'" + std::string(1, static_cast<char>(c)) + "'";
      else {
        char buf[16];
        std::snprintf(buf, sizeof buf, "byte 0x%02x", c);
        found = buf;
      }
    }
    return failWith("expected " + what + " at column " + std::to_string(pos_ + 1) + ", found " + found);
  }
  bool failWith(std::string msg) {
    error_ = std::move(msg);
    return false;
  }

  bool value(Value &v) {
    skipSpace();
    size_t start = pos_;
    bool ok;
    if (pos_ >= s_.size()) return fail("a value");
    char c = s_[pos_];
    if (c == '\'' || c == '"') ok = string(v);
    else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) ok = number(v);
    else if (c == '(' || c == '[') ok = sequence(v);
    else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') ok = name(v);
    else return fail("a value");
    v.text = s_.substr(start, pos_ - start);
    return ok;
  }

  bool string(Value &v) {
    char quote = s_[pos_];
    size_t start = pos_++;
    size_t end = s_.find_first_of(std::string{quote, '\\', '\n'}, pos_);
    if (end == std::string_view::npos || s_[end] != quote)
      return failWith("unterminated string at column " + std::to_string(start + 1));
    v.kind = Value::Str;
    v.str = std::string(s_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return true;
  }

  // An integer, or some other number (2.5, 0x10: Other, which no key accepts).
  bool number(Value &v) {
    bool negative = s_[pos_] == '-';
    if (negative) {
      ++pos_;
      skipSpace();
      if (pos_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[pos_]))) return fail("a number");
    }
    size_t start = pos_;
    while (pos_ < s_.size() && (isIdent(s_[pos_]) || s_[pos_] == '.')) ++pos_;
    std::string_view digits = s_.substr(start, pos_ - start);
    if (longInts_ && digits.size() > 1 && digits.back() == 'L') digits.remove_suffix(1);
    bool isInt = std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                 (digits.size() == 1 || digits[0] != '0'); // Python 3 has no 010
    if (!isInt) return true;
    v.kind = Value::Int;
    for (char c : digits) {
      v.overflow |= __builtin_mul_overflow(v.i, 10, &v.i) || __builtin_add_overflow(v.i, c - '0', &v.i);
    }
    v.negative = negative && v.i != 0;
    return true;
  }

  bool name(Value &v) {
    size_t end = identEnd(pos_);
    std::string_view id = s_.substr(pos_, end - pos_);
    if (id == "True" || id == "False") {
      v.kind = Value::Bool;
      v.b = id == "True";
    } else if (id == "None") {
      v.kind = Value::None;
    } else {
      return fail("a value");
    }
    pos_ = end;
    return true;
  }

  // (a, b), (a,), () and [a, b]; (a) is just a.
  bool sequence(Value &v) {
    char close = s_[pos_] == '(' ? ')' : ']';
    if (++depth_ > kMaxNesting)
      return failWith("nesting deeper than " + std::to_string(kMaxNesting) + " at column " + std::to_string(pos_ + 1));
    ++pos_;
    bool comma = false;
    while (!peek(close)) {
      v.items.emplace_back();
      if (!value(v.items.back())) return false;
      if (peek(close)) break;
      if (!expect(',', close == ')' ? "',' or ')'" : "',' or ']'")) return false;
      comma = true;
    }
    ++pos_;
    --depth_;
    if (close == ']') v.kind = Value::List;
    else if (v.items.size() == 1 && !comma) v = Value(v.items[0]);
    else v.kind = Value::Tuple;
    return true;
  }
};

// A parsed, checked header.
struct Header {
  int32_t dtype = 0;
  bool swap = false; // big-endian data
  bool fortran = false;
  int32_t ndim = 0;
  int64_t shape[kMaxDims] = {};
  int64_t count = 1, nbytes = 0;
  int64_t dataOffset = 0;
};

// '<f8', '>i4', '|b1', '=u2', 'f8' -> pj_dtype; -1 for anything else.
int dtypeOfDescr(const std::string &descr, bool &swap) {
  std::string_view d = descr;
  char order = '=';
  if (!d.empty() && std::strchr("<>|=", d[0])) {
    order = d[0];
    d.remove_prefix(1);
  }
  for (int t = PJ_BOOL; t <= PJ_FLOAT64; ++t) {
    if (d == std::string(1, kDtypes[t].kind) + std::to_string(kDtypes[t].size)) {
      swap = order == '>' && kDtypes[t].size > 1;
      return t;
    }
  }
  return -1;
}

// The dict's values into `h`, checked as NumPy's _read_array_header does,
// and more strictly (negative dimensions, overflow, our dtypes only).
bool interpret(const std::string &name, const std::vector<std::pair<std::string, Value>> &entries, Header &h) {
  std::string bad = name + " has a malformed header: ";
  const Value *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (const auto &[key, v] : entries) {
    const Value **slot = key == "descr" ? &descr : key == "fortran_order" ? &fortran : key == "shape" ? &shape : nullptr;
    if (!slot) return raiseValue(bad + "unknown key " + pyRepr(key));
    if (*slot) return raiseValue(bad + "duplicate key " + pyRepr(key));
    *slot = &v;
  }
  if (!descr) return raiseValue(bad + "missing key 'descr'");
  if (!fortran) return raiseValue(bad + "missing key 'fortran_order'");
  if (!shape) return raiseValue(bad + "missing key 'shape'");
  std::string shapeText(shape->text);
  if (shape->kind != Value::Tuple ||
      !std::all_of(shape->items.begin(), shape->items.end(),
                   [](const Value &d) { return d.kind == Value::Int && !d.negative; }))
    return raiseValue(bad + "shape must be a tuple of non-negative integers, not " + shapeText);
  if (fortran->kind != Value::Bool)
    return raiseValue(bad + "fortran_order is not a valid bool: " + std::string(fortran->text));
  int dtype = descr->kind == Value::Str ? dtypeOfDescr(descr->str, h.swap) : -1;
  if (dtype < 0)
    return raiseValue(name + " has unsupported dtype " +
                      (descr->kind == Value::Str ? pyRepr(descr->str) : std::string(descr->text)));
  h.dtype = dtype;
  h.fortran = fortran->b;
  int64_t size = kDtypes[dtype].size;
  const auto &dims = shape->items;
  bool overflow = std::any_of(dims.begin(), dims.end(), [](const Value &d) { return d.overflow; });
  bool empty = std::any_of(dims.begin(), dims.end(), [](const Value &d) { return !d.overflow && d.i == 0; });
  h.count = empty ? 0 : 1; // (2**40, 2**40, 0) is a valid empty array
  for (const Value &d : dims) overflow |= !empty && __builtin_mul_overflow(h.count, d.i, &h.count);
  if (overflow || __builtin_mul_overflow(h.count, size, &h.nbytes))
    return raiseValue(bad + "the array size overflows: shape " + shapeText + " of " + std::to_string(size) +
                      "-byte items");
  size_t ndim = shape->items.size();
  if (ndim == 0)
    return raiseValue(name + " holds a 0-d " + kDtypes[dtype].name + " array; parjit arrays have at least one axis");
  if (ndim > kMaxDims)
    return raiseValue(name + " holds a " + std::to_string(ndim) + "-d array; parjit arrays have at most " +
                      std::to_string(kMaxDims) + " axes");
  h.ndim = static_cast<int32_t>(ndim);
  for (size_t k = 0; k < ndim; ++k) h.shape[k] = shape->items[k].i;
  return true;
}

// Reads and checks the header of an open file, leaving it at the data.
bool readHeader(int fd, const std::string &name, Header &h) {
  std::string pre;
  int64_t got = readString(fd, pre, kPreamble);
  if (got < 0) return raiseOs(errno);
  if (pre.compare(0, 4, "PK\x03\x04") == 0) return raiseValue(name + " is a .npz archive, not a .npy file");
  if (got < static_cast<int64_t>(kMagic.size()) || pre.compare(0, kMagic.size(), kMagic) != 0)
    return raiseValue(name + " is not a .npy file");
  if (got < kPreamble) return raiseTruncated(name, "header", kPreamble + 2, got);
  int major = static_cast<unsigned char>(pre[6]), minor = static_cast<unsigned char>(pre[7]);
  if (major < 1 || major > 3 || minor != 0)
    return raiseValue(name + " has .npy format version " + std::to_string(major) + "." + std::to_string(minor) +
                      "; only versions 1.0, 2.0 and 3.0 are supported");
  int64_t lenSize = major == 1 ? 2 : 4; // little-endian uint16, then uint32 from 2.0 on
  std::string len;
  got = readString(fd, len, lenSize);
  if (got < 0) return raiseOs(errno);
  if (got < lenSize) return raiseTruncated(name, "header", kPreamble + lenSize, kPreamble + got);
  int64_t headerLen = 0;
  for (int64_t k = lenSize - 1; k >= 0; --k) headerLen = headerLen << 8 | static_cast<unsigned char>(len[k]);
  if (headerLen > kMaxHeader) // before reading it: a corrupt length may claim 4 GiB
    return raiseValue(name + " has a header of " + std::to_string(headerLen) + " bytes, more than the " +
                      std::to_string(kMaxHeader) + " that np.load accepts");
  std::string text;
  got = readString(fd, text, headerLen);
  if (got < 0) return raiseOs(errno);
  h.dataOffset = kPreamble + lenSize + headerLen;
  if (got < headerLen) return raiseTruncated(name, "header", h.dataOffset, kPreamble + lenSize + got);
  std::vector<std::pair<std::string, Value>> entries;
  HeaderParser parser(text, major < 3);
  if (!parser.dict(entries)) return raiseValue(name + " has a malformed header: " + parser.error());
  return interpret(name, entries, h);
}

bool openForReading(const std::string &name, Fd &f, struct stat &st) {
  do f.fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  while (f.fd < 0 && errno == EINTR);
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0) return raiseOs(errno, name);
  if (S_ISDIR(st.st_mode)) return raiseOs(EISDIR, name); // as CPython's open() says
  return true;
}

std::string arrayText(int32_t ndim, int32_t dtype) {
  return std::to_string(ndim) + "-d " + kDtypes[dtype].name + " array";
}

// ---- writing ----

// NumPy's _write_array_header: the dict with sorted keys, room for the first
// (Fortran order: last) dimension to grow to 21 digits, then spaces and a
// newline up to a multiple of 64 bytes; version 1.0 unless its 16-bit length
// field cannot hold the header (then 2.0; 3.0 is only for non-latin-1 text).
std::string headerOf(int32_t dtype, bool fortran, int32_t ndim, const int64_t *shape) {
  std::string dict = "{'descr': '" + descrOf(dtype) + "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': (";
  for (int32_t k = 0; k < ndim; ++k) dict += (k ? ", " : "") + std::to_string(shape[k]);
  dict += ndim == 1 ? ",), }" : "), }";
  if (ndim > 0) dict.append(kGrowthDigits - std::to_string(shape[fortran ? ndim - 1 : 0]).size(), ' ');
  for (int major = 1;; ++major) {
    int64_t lenSize = major == 1 ? 2 : 4;
    int64_t hlen = static_cast<int64_t>(dict.size()) + 1;
    int64_t pad = kAlign - (kPreamble + lenSize + hlen) % kAlign; // 64, never 0, as NumPy computes it
    int64_t total = hlen + pad;
    if (major == 1 && total > 0xffff) continue;
    std::string out(kMagic);
    out += static_cast<char>(major);
    out += '\0';
    for (int64_t k = 0; k < lenSize; ++k) out += static_cast<char>(total >> (8 * k) & 0xff);
    out += dict;
    out.append(static_cast<size_t>(pad), ' ');
    out += '\n';
    return out;
  }
}

// The elements in C order, gathered a buffer at a time.
bool writeGathered(int fd, const char *data, int size, int32_t ndim, const int64_t *shape, const int64_t *strides) {
  constexpr int64_t kBuffer = 1 << 20;
  std::vector<char> buf(kBuffer);
  int64_t used = 0;
  bool ok = true;
  int64_t rowLen = ndim ? shape[ndim - 1] : 1, step = ndim ? strides[ndim - 1] : 0;
  forEachRow(data, ndim, shape, strides, [&](const char *row) {
    for (int64_t j = 0; j < rowLen && ok;) {
      int64_t n = std::min(rowLen - j, (kBuffer - used) / size);
      copyElems(buf.data() + used, row + j * step, n, step, size);
      used += n * size;
      j += n;
      if (kBuffer - used < size) {
        ok = writeAll(fd, buf.data(), used);
        used = 0;
      }
    }
  });
  return ok && writeAll(fd, buf.data(), used);
}

} // namespace
} // namespace parjit::rt

using namespace parjit::rt;

extern "C" {

int32_t pj_npy_save(const char *path, int64_t pathLen, const void *data, int32_t dtype, int32_t ndim,
                    const int64_t *shape, const int64_t *strides) {
  std::string name;
  if (!pathOf(path, pathLen, name)) return 1;
  if (!validDtype(dtype) || ndim < 0 || std::any_of(shape, shape + ndim, [](int64_t n) { return n < 0; })) {
    pj_raise(PJ_EXC_VALUE, "np.save: invalid array descriptor");
    return 1;
  }
  if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) name += ".npy";
  int size = kDtypes[dtype].size;
  bool cOrder = contiguous(ndim, shape, strides, size, false);
  // np.save writes a Fortran-contiguous array (a transpose) as it lies in memory.
  bool fOrder = !cOrder && contiguous(ndim, shape, strides, size, true);
  std::string header = headerOf(dtype, fOrder, ndim, shape);
  Fd f;
  do f.fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  while (f.fd < 0 && errno == EINTR);
  if (f.fd < 0) {
    raiseOs(errno, name);
    return 1;
  }
  int64_t count = 1;
  for (int32_t k = 0; k < ndim; ++k) count *= shape[k];
  bool ok = writeAll(f.fd, header.data(), static_cast<int64_t>(header.size()));
  if (ok && (cOrder || fOrder)) ok = writeAll(f.fd, static_cast<const char *>(data), count * size);
  else if (ok) ok = writeGathered(f.fd, static_cast<const char *>(data), size, ndim, shape, strides);
  int fd = f.fd;
  f.fd = -1;
  if (::close(fd) != 0 && ok) ok = raiseOs(errno);
  return ok ? 0 : 1;
}

int32_t pj_npy_header(const char *path, int64_t pathLen, int32_t *dtype, int32_t *ndim, int64_t *shape) {
  std::string name;
  Fd f;
  struct stat st;
  Header h;
  if (!pathOf(path, pathLen, name) || !openForReading(name, f, st) || !readHeader(f.fd, name, h)) return 1;
  *dtype = h.dtype;
  *ndim = h.ndim;
  std::copy(h.shape, h.shape + h.ndim, shape);
  return 0;
}

pj_meminfo *pj_npy_load(const char *path, int64_t pathLen, int32_t dtype, int32_t ndim, int64_t *shape,
                        void **data) {
  *data = nullptr;
  std::string name;
  Fd f;
  struct stat st;
  Header h;
  if (!pathOf(path, pathLen, name)) return nullptr;
  if (!validDtype(dtype) || ndim < 1 || ndim > kMaxDims) {
    pj_raise(PJ_EXC_VALUE, "np.load: invalid array type");
    return nullptr;
  }
  if (!openForReading(name, f, st) || !readHeader(f.fd, name, h)) return nullptr;
  if (h.dtype != dtype || h.ndim != ndim) {
    raiseValue(name + " holds a " + arrayText(h.ndim, h.dtype) + ", expected a " + arrayText(ndim, dtype));
    return nullptr;
  }
  // Check the size before allocating: the header may promise terabytes.
  if (S_ISREG(st.st_mode) && st.st_size - h.dataOffset < h.nbytes) {
    raiseTruncated(name, "data", h.nbytes, std::max<int64_t>(st.st_size - h.dataOffset, 0));
    return nullptr;
  }
  void *block = nullptr;
  pj_meminfo *m = pj_alloc(h.nbytes, &block);
  if (!m) return nullptr;
  int64_t got = readFully(f.fd, block, h.nbytes);
  if (got < h.nbytes) {
    if (got < 0) raiseOs(errno);
    else raiseTruncated(name, "data", h.nbytes, got);
    pj_decref(m);
    return nullptr;
  }
  // Trailing bytes after the data are ignored, as np.load ignores them.
  int size = kDtypes[dtype].size;
  char *p = static_cast<char *>(block);
  if (h.swap) byteSwap(p, h.count, size);
  if (dtype == PJ_BOOL) // NumPy's bool is any nonzero byte; compiled code expects 0 or 1
    for (int64_t j = 0; j < h.count; ++j) p[j] = p[j] != 0;
  if (h.fortran && h.ndim > 1) {
    int64_t fstrides[kMaxDims];
    for (int k = 0; k < h.ndim; ++k) fstrides[k] = k ? fstrides[k - 1] * h.shape[k - 1] : size;
    void *cblock = nullptr;
    pj_meminfo *c = pj_alloc(h.nbytes, &cblock);
    if (!c) {
      pj_decref(m);
      return nullptr;
    }
    char *dst = static_cast<char *>(cblock);
    int64_t rowLen = h.shape[h.ndim - 1], step = fstrides[h.ndim - 1];
    forEachRow(p, h.ndim, h.shape, fstrides, [&](const char *row) {
      copyElems(dst, row, rowLen, step, size);
      dst += rowLen * size;
    });
    pj_decref(m);
    m = c;
    block = cblock;
  }
  std::copy(h.shape, h.shape + h.ndim, shape);
  *data = block;
  return m;
}

} // extern "C"
