// A small recursive-descent parser for Numba signature strings.
#include "typed/Signature.h"
#include <cctype>
#include <map>

namespace parjit::typed {
namespace {

class SigParser {
public:
  SigParser(TypeContext &t, const std::string &s) : T(t), text(s) {}

  std::optional<Signature> parse() {
    Signature sig;
    skip();
    if (peek() != '(') {
      sig.ret = type(/*allowVoid=*/true);
      if (!sig.ret) return std::nullopt;
    }
    if (!expect('(')) return std::nullopt;
    skip();
    while (peek() != ')') {
      const Type *a = type(false);
      if (!a) return std::nullopt;
      sig.args.push_back(a);
      skip();
      if (peek() == ',') { ++pos; skip(); continue; }
      if (peek() != ')') return fail("expected ',' or ')'");
    }
    ++pos;
    skip();
    if (pos != text.size()) return fail("unexpected text after the signature");
    return sig;
  }

  std::string err;
  size_t errCol = 0;

private:
  TypeContext &T;
  const std::string &text;
  size_t pos = 0;

  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  void skip() { while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos; }
  std::nullopt_t fail(std::string msg) {
    if (err.empty()) { err = std::move(msg); errCol = pos; }
    return std::nullopt;
  }
  bool expect(char c) {
    skip();
    if (peek() != c) { fail(std::string("expected '") + c + "'"); return false; }
    ++pos;
    return true;
  }
  std::string ident() {
    skip();
    size_t b = pos;
    while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_' || text[pos] == '.')) ++pos;
    return text.substr(b, pos - b);
  }

  static std::optional<DType> scalarName(std::string n) {
    if (n.rfind("np.", 0) == 0) n = n.substr(3);
    if (n.rfind("numba.", 0) == 0) n = n.substr(6);
    static const std::map<std::string, DType> names = {
        {"float64", DType::F64}, {"f8", DType::F64}, {"double", DType::F64}, {"float", DType::F64},
        {"float32", DType::F32}, {"f4", DType::F32},
        {"int64", DType::I64}, {"i8", DType::I64}, {"intp", DType::I64}, {"int_", DType::I64}, {"int", DType::I64},
        {"int32", DType::I32}, {"i4", DType::I32}, {"int16", DType::I16}, {"i2", DType::I16},
        {"int8", DType::I8}, {"i1", DType::I8},
        {"uint64", DType::U64}, {"u8", DType::U64}, {"uintp", DType::U64}, {"uint32", DType::U32}, {"u4", DType::U32},
        {"uint16", DType::U16}, {"u2", DType::U16}, {"uint8", DType::U8}, {"u1", DType::U8},
        {"boolean", DType::Bool}, {"b1", DType::Bool}, {"bool_", DType::Bool}, {"bool", DType::Bool}};
    auto it = names.find(n);
    if (it == names.end()) return std::nullopt;
    return it->second;
  }

  const Type *type(bool allowVoid) {
    skip();
    size_t at = pos;
    std::string n = ident();
    if (n.empty()) return fail("expected a type"), nullptr;
    if (n == "void" || n == "none") {
      if (!allowVoid) { pos = at; return fail("'" + n + "' is only a return type"), nullptr; }
      return T.none();
    }
    if (n == "UniTuple" || n == "Tuple") {
      if (!expect('(')) return nullptr;
      std::vector<const Type *> elts;
      if (n == "UniTuple") {
        const Type *e = type(false);
        if (!e || !expect(',')) return nullptr;
        skip();
        size_t b = pos;
        while (std::isdigit(static_cast<unsigned char>(peek()))) ++pos;
        if (b == pos) return fail("expected the tuple's length"), nullptr;
        elts.assign(std::stoul(text.substr(b, pos - b)), e);
      } else {
        skip();
        bool paren = peek() == '(';
        if (paren) ++pos;
        while (true) {
          const Type *e = type(false);
          if (!e) return nullptr;
          elts.push_back(e);
          skip();
          if (peek() != ',') break;
          ++pos;
          skip();
          if (peek() == ')') break;
        }
        if (paren && !expect(')')) return nullptr;
      }
      if (!expect(')')) return nullptr;
      return T.tuple(elts);
    }
    auto d = scalarName(n);
    if (!d) { pos = at; return fail("unknown type '" + n + "' in signature"), nullptr; }
    skip();
    if (peek() != '[') return T.scalar(*d);
    ++pos; // an array: one ':' or '::1' per dimension; '::1' on the last makes it C-contiguous
    int ndim = 0;
    bool contiguous = false;
    while (true) {
      skip();
      if (peek() != ':') return fail("expected ':' (array dimensions are written float64[:, :])"), nullptr;
      ++pos;
      contiguous = false;
      if (peek() == ':') {
        ++pos;
        if (peek() != '1') return fail("expected '::1'"), nullptr;
        ++pos;
        contiguous = true;
      }
      ++ndim;
      skip();
      if (peek() == ',') { ++pos; continue; }
      if (peek() == ']') { ++pos; break; }
      return fail("expected ',' or ']'"), nullptr;
    }
    return T.array(*d, ndim, contiguous);
  }
};

} // namespace

std::optional<Signature> parseSignature(TypeContext &T, const std::string &text, std::string &err, size_t &errCol) {
  SigParser p(T, text);
  auto sig = p.parse();
  if (!sig) { err = p.err; errCol = p.errCol; }
  return sig;
}

} // namespace parjit::typed
