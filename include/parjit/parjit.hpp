// parjit's C++ embedding API: compile numeric Python at run time and call
// its functions on the host's memory.
//
//   parjit::Engine engine;                               // options: parjit::Options
//   parjit::Module mod = engine.compile(source);          // or compileFile(path)
//   auto norm = mod.function<double(parjit::ArrayRef<const double, 1>)>("norm");
//   std::vector<double> v{3, 4};
//   double n = norm(v);                                   // 5
//
// The C++ signature picks the specialization, as Numba's dispatcher does with
// the types of the arguments: ArrayRef<const double, 2> is a 2-D float64
// array (C-contiguous or not: each layout gets its own machine code, compiled
// on the first call with it). Compile errors throw CompileError, Python
// exceptions raised by compiled code (IndexError, ...) throw RuntimeError.
// Engines, modules and functions may be used from several threads at once.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace parjit {

/// What an Engine compiles with.
struct Options {
  int optLevel = 3;            // 0..3, as -O0..-O3
  bool boundsCheck = true;     // IndexError on out-of-range indices
  bool fastmath = false;       // allow reassociation and FMA contraction
  int threads = 0;             // threads for prange loops; 0: PARJIT_NUM_THREADS, else every CPU
  std::string threadingLayer;  // "tbb" or "omp"; "": PARJIT_THREADING_LAYER, else tbb
  std::string target = "host"; // the CPU this process runs on (the only target so far)
  bool cache = true;           // keep compiled code on disk, and reuse it
  std::string cacheDir;        // "": PARJIT_CACHE_DIR, else XDG_CACHE_HOME/parjit, else ~/.cache/parjit
};

/// One message of a CompileError.
struct CompileDiagnostic {
  std::string severity; // "error", "warning"
  std::string file;
  int line = 0, column = 0;
  std::string message;
};

class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The source does not compile; what() holds every diagnostic as the
/// command line prints them (file:line:col, the line, a caret).
class CompileError : public Error {
public:
  CompileError(const std::string &rendered, std::vector<CompileDiagnostic> diags)
      : Error(rendered), diags_(std::move(diags)) {}
  const std::vector<CompileDiagnostic> &diagnostics() const { return diags_; }

private:
  std::vector<CompileDiagnostic> diags_;
};

/// A Python exception escaped a compiled function. what() is its last line
/// ("IndexError: index 3 is out of bounds for axis 0 with size 3").
class RuntimeError : public Error {
public:
  RuntimeError(const std::string &type, const std::string &message, const std::string &traceback)
      : Error(message.empty() ? type : type + ": " + message), type_(type), traceback_(traceback) {}
  const std::string &type() const { return type_; }           // "IndexError"
  const std::string &traceback() const { return traceback_; } // as CPython prints it

private:
  std::string type_, traceback_;
};

namespace detail {

/// An array as compiled code sees it: its block's meminfo (null when the
/// memory is the host's), data, shape and strides in bytes.
template <int N> struct Desc {
  void *meminfo = nullptr;
  void *data = nullptr;
  int64_t shape[N] = {};
  int64_t strides[N] = {};
};

template <class T> struct DType;
#define PARJIT_DTYPE(T, NAME) \
  template <> struct DType<T> { static constexpr const char *name = NAME; };
PARJIT_DTYPE(bool, "bool")
PARJIT_DTYPE(int8_t, "int8")
PARJIT_DTYPE(int16_t, "int16")
PARJIT_DTYPE(int32_t, "int32")
PARJIT_DTYPE(int64_t, "int64")
PARJIT_DTYPE(uint8_t, "uint8")
PARJIT_DTYPE(uint16_t, "uint16")
PARJIT_DTYPE(uint32_t, "uint32")
PARJIT_DTYPE(uint64_t, "uint64")
PARJIT_DTYPE(float, "float32")
PARJIT_DTYPE(double, "float64")
#undef PARJIT_DTYPE

class ModuleImpl;
using Entry = int32_t (*)(void *ret, void **args);
/// Compiles (once) the specialization of `name` for `signature` and returns
/// its entry point; throws CompileError.
Entry entryPoint(ModuleImpl &m, const std::string &name, const std::string &signature);
/// Throws the Python exception pending on this thread as a RuntimeError.
[[noreturn]] void throwPending(ModuleImpl &m);
void incref(void *meminfo);
void decref(void *meminfo);

} // namespace detail

/// A view of an array the host owns: no copy, no ownership. T may be const.
/// Strides are in elements (NumPy's are in bytes), as in std::mdspan.
template <class T, int N> class ArrayRef {
  static_assert(N >= 1, "an array has at least one dimension");

public:
  using value_type = std::remove_const_t<T>;

  /// A C-contiguous (row-major) array.
  ArrayRef(T *data, const std::array<int64_t, N> &shape) : data_(data), shape_(shape) {
    int64_t s = 1;
    for (int k = N - 1; k >= 0; --k) {
      strides_[k] = s;
      s *= shape_[k];
    }
  }
  ArrayRef(T *data, const std::array<int64_t, N> &shape, const std::array<int64_t, N> &strides)
      : data_(data), shape_(shape), strides_(strides) {}
  /// A read-only view of a writable array.
  template <class U, class = std::enable_if_t<std::is_same_v<const U, T> && !std::is_same_v<U, T>>>
  ArrayRef(const ArrayRef<U, N> &o) : data_(o.data()) {
    for (int k = 0; k < N; ++k) {
      shape_[k] = o.shape(k);
      strides_[k] = o.stride(k);
    }
  }
  /// A 1-D view of a contiguous container (std::vector, std::array, std::span, ...).
  template <class C, int M = N,
            class = std::enable_if_t<M == 1 && std::is_convertible_v<decltype(std::declval<C &>().data()), T *>>>
  ArrayRef(C &&c) : ArrayRef(c.data(), {static_cast<int64_t>(c.size())}) {}

  T *data() const { return data_; }
  int64_t shape(int k) const { return shape_[k]; }
  int64_t stride(int k) const { return strides_[k]; }
  int64_t size() const {
    int64_t n = 1;
    for (int64_t s : shape_) n *= s;
    return n;
  }
  bool contiguous() const {
    int64_t s = 1;
    for (int k = N - 1; k >= 0; --k) {
      if (shape_[k] != 1 && strides_[k] != s) return false;
      s *= shape_[k];
    }
    return true;
  }
  template <class... I> T &operator()(I... idx) const {
    static_assert(sizeof...(I) == N, "one index per dimension");
    int64_t i[] = {static_cast<int64_t>(idx)...}, off = 0;
    for (int k = 0; k < N; ++k) off += i[k] * strides_[k];
    return data_[off];
  }
  detail::Desc<N> desc() const {
    detail::Desc<N> d;
    d.data = const_cast<value_type *>(data_);
    for (int k = 0; k < N; ++k) {
      d.shape[k] = shape_[k];
      d.strides[k] = strides_[k] * static_cast<int64_t>(sizeof(T));
    }
    return d;
  }

private:
  T *data_;
  std::array<int64_t, N> shape_{}, strides_{};
};

/// An array a compiled function made and returned: it shares ownership of the
/// memory (copying an Array adds a reference; the last one frees it).
template <class T, int N> class Array {
public:
  Array() = default;
  explicit Array(const detail::Desc<N> &d) : d_(d) {} // takes the reference d holds
  Array(const Array &o) : d_(o.d_) { detail::incref(d_.meminfo); }
  Array(Array &&o) noexcept : d_(o.d_) { o.d_ = {}; }
  Array &operator=(Array o) noexcept {
    std::swap(d_, o.d_);
    return *this;
  }
  ~Array() { detail::decref(d_.meminfo); }

  T *data() const { return static_cast<T *>(d_.data); }
  int64_t shape(int k) const { return d_.shape[k]; }
  int64_t stride(int k) const { return d_.strides[k] / static_cast<int64_t>(sizeof(T)); }
  int64_t size() const {
    int64_t n = 1;
    for (int k = 0; k < N; ++k) n *= d_.shape[k];
    return n;
  }
  template <class... I> T &operator()(I... idx) const { return view()(idx...); }
  ArrayRef<T, N> view() const {
    std::array<int64_t, N> shape, strides;
    for (int k = 0; k < N; ++k) {
      shape[k] = d_.shape[k];
      strides[k] = stride(k);
    }
    return ArrayRef<T, N>(data(), shape, strides);
  }
  operator ArrayRef<const T, N>() const {
    ArrayRef<T, N> v = view();
    std::array<int64_t, N> shape, strides;
    for (int k = 0; k < N; ++k) {
      shape[k] = v.shape(k);
      strides[k] = v.stride(k);
    }
    return ArrayRef<const T, N>(data(), shape, strides);
  }

private:
  detail::Desc<N> d_;
};

namespace detail {

// How a C++ type appears in a signature string, is passed and is returned.
template <class T, class = void> struct Arg;
template <class T> struct Arg<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  using Storage = std::conditional_t<std::is_same_v<T, bool>, uint8_t, T>;
  static std::string sig(const T &) { return DType<T>::name; }
  static std::string sigOfType() { return DType<T>::name; }
  static Storage store(const T &v) { return static_cast<Storage>(v); }
};
template <class T, int N> struct Arg<Array<T, N>> { // an Array passes as the view it is
  using Storage = Desc<N>;
  static std::string sig(const Array<T, N> &) { return sigOfType(); }
  static std::string sigOfType();
  static Storage store(const Array<T, N> &a) { return a.view().desc(); }
};
template <class T, int N> struct Arg<ArrayRef<T, N>> {
  using Storage = Desc<N>;
  static std::string dims(bool contiguous) {
    std::string s = "[";
    for (int k = 0; k < N; ++k) s += k ? ", :" : ":";
    return s + (contiguous ? ":1]" : "]");
  }
  static std::string sig(const ArrayRef<T, N> &a) {
    return std::string(DType<std::remove_const_t<T>>::name) + dims(a.contiguous());
  }
  static std::string sigOfType() { return std::string(DType<std::remove_const_t<T>>::name) + dims(true); }
  static Storage store(const ArrayRef<T, N> &a) { return a.desc(); }
};
template <class T, int N> std::string Arg<Array<T, N>>::sigOfType() { return Arg<ArrayRef<T, N>>::sigOfType(); }

// Return values: laid out as compiled code writes them (a tuple as a C struct).
template <class R, class = void> struct Ret;
template <> struct Ret<void> {
  static constexpr size_t size = 0, align = 1;
  static std::string sig() { return "void"; }
};
template <class T> struct Ret<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  using Storage = typename Arg<T>::Storage;
  static constexpr size_t size = sizeof(Storage), align = alignof(Storage);
  static std::string sig() { return DType<T>::name; }
  static T load(const unsigned char *p) {
    Storage s;
    std::memcpy(&s, p, sizeof s);
    return static_cast<T>(s);
  }
};
template <class T, int N> struct Ret<Array<T, N>> {
  static constexpr size_t size = sizeof(Desc<N>), align = alignof(Desc<N>);
  static std::string sig() { return std::string(DType<T>::name) + Arg<ArrayRef<T, N>>::dims(true); }
  static Array<T, N> load(const unsigned char *p) {
    Desc<N> d;
    std::memcpy(&d, p, sizeof d);
    return Array<T, N>(d);
  }
};
constexpr size_t alignUp(size_t x, size_t a) { return (x + a - 1) / a * a; }
template <class... T> struct Ret<std::tuple<T...>> {
  static constexpr size_t count = sizeof...(T);
  static constexpr std::array<size_t, count> offsets() {
    std::array<size_t, count> o{};
    size_t sizes[] = {Ret<T>::size...}, aligns[] = {Ret<T>::align...}, off = 0;
    for (size_t i = 0; i < count; ++i) {
      off = alignUp(off, aligns[i]);
      o[i] = off;
      off += sizes[i];
    }
    return o;
  }
  static constexpr size_t align = std::max({size_t(1), Ret<T>::align...});
  static constexpr size_t size = alignUp(count ? offsets()[count - 1] + std::array<size_t, count>{Ret<T>::size...}[count - 1] : 0, align);
  static std::string sig() {
    std::string s = "Tuple(";
    std::string parts[] = {Ret<T>::sig()..., ""};
    for (size_t i = 0; i < count; ++i) s += (i ? ", " : "") + parts[i];
    return s + (count == 1 ? ",)" : ")");
  }
  template <size_t... I> static std::tuple<T...> loadAll(const unsigned char *p, std::index_sequence<I...>) {
    constexpr auto off = offsets();
    return std::tuple<T...>(Ret<T>::load(p + off[I])...);
  }
  static std::tuple<T...> load(const unsigned char *p) { return loadAll(p, std::index_sequence_for<T...>{}); }
};

template <class A> using Plain = std::remove_cv_t<std::remove_reference_t<A>>;

} // namespace detail

template <class Sig> class Function;

/// A compiled function, called with the C++ signature it was fetched with.
template <class R, class... A> class Function<R(A...)> {
public:
  Function(std::shared_ptr<detail::ModuleImpl> m, std::string name) : m_(std::move(m)), name_(std::move(name)) {}

  R operator()(A... args) const {
    // The signature of this call (array layouts decide between specializations).
    std::string sig = detail::Ret<R>::sig() + "(";
    size_t i = 0;
    ((sig += (i++ ? ", " : "") + detail::Arg<detail::Plain<A>>::sig(args)), ...);
    sig += sizeof...(A) == 1 ? ",)" : ")";
    detail::Entry entry = find(sig);
    auto storage = std::make_tuple(detail::Arg<detail::Plain<A>>::store(args)...);
    void *argv[sizeof...(A) + 1];
    std::apply([&](auto &...s) {
      size_t k = 0;
      ((argv[k++] = static_cast<void *>(&s)), ...);
    }, storage);
    alignas(16) unsigned char ret[detail::Ret<R>::size + 16];
    if (entry(ret, argv) != 0) detail::throwPending(*m_);
    if constexpr (!std::is_void_v<R>) return detail::Ret<R>::load(ret);
  }

  /// Compiles the specialization for C-contiguous arrays now, so that
  /// compile errors are thrown when the function is fetched.
  void precompile() const {
    std::string sig = detail::Ret<R>::sig() + "(";
    size_t i = 0;
    ((sig += (i++ ? ", " : "") + detail::Arg<detail::Plain<A>>::sigOfType()), ...);
    find(sig + (sizeof...(A) == 1 ? ",)" : ")"));
  }

private:
  detail::Entry find(const std::string &sig) const {
    std::lock_guard<std::mutex> lock(st_->mu);
    for (auto &[s, e] : st_->entries)
      if (s == sig) return e;
    detail::Entry e = detail::entryPoint(*m_, name_, sig);
    st_->entries.emplace_back(sig, e);
    return e;
  }
  struct State { // shared by copies of this Function
    std::mutex mu;
    std::vector<std::pair<std::string, detail::Entry>> entries;
  };
  std::shared_ptr<detail::ModuleImpl> m_;
  std::string name_;
  std::shared_ptr<State> st_ = std::make_shared<State>();
};

/// Compiled source: its functions are fetched by name and C++ signature.
class Module {
public:
  explicit Module(std::shared_ptr<detail::ModuleImpl> m) : m_(std::move(m)) {}
  /// The function `name` for this signature; compiles it now (CompileError).
  template <class Sig> Function<Sig> function(const std::string &name) const {
    Function<Sig> f(m_, name);
    f.precompile();
    return f;
  }

private:
  std::shared_ptr<detail::ModuleImpl> m_;
};

class Engine {
public:
  /// Throws Error when a threading layer or thread count in `opts` is refused.
  explicit Engine(Options opts = {});
  /// Parses `source` (a syntax error throws CompileError); functions are
  /// type-checked and compiled when fetched, once per signature.
  Module compile(const std::string &source, const std::string &name = "<string>") const;
  Module compileFile(const std::string &path) const;
  const Options &options() const { return opts_; }

private:
  Options opts_;
};

} // namespace parjit
