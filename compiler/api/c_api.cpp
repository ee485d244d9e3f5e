// The C embedding API (include/parjit/parjit.h) over the C++ one: errors
// become status codes and messages, signatures are parsed here to lay out
// each call's arguments.
#include "parjit/parjit.h"
#include "api/ModuleImpl.h"
#include "parjit/abi.h"
#include "typed/Signature.h"
#include <cstdlib>
#include <cstring>

using namespace parjit;

struct parjit_engine {
  Engine engine;
};
struct parjit_module {
  std::shared_ptr<detail::ModuleImpl> impl;
};
struct parjit_function {
  std::shared_ptr<detail::ModuleImpl> impl;
  detail::Entry entry = nullptr;
  struct ArgKind {
    bool array = false;
    int dtype = 0, ndim = 0;
    bool contiguous = false;
  };
  std::vector<ArgKind> args;
  bool returnsArray = false;
  int retDtype = 0, retNdim = 0;
};

namespace {

parjit_status fail(char **error, parjit_status st, const std::string &msg) {
  if (error) {
    *error = static_cast<char *>(std::malloc(msg.size() + 1));
    if (*error) std::memcpy(*error, msg.c_str(), msg.size() + 1);
  }
  return st;
}

template <class Fn> parjit_status guard(char **error, Fn &&fn) {
  if (error) *error = nullptr;
  try {
    return fn();
  } catch (const CompileError &e) {
    return fail(error, PARJIT_COMPILE_ERROR, e.what());
  } catch (const RuntimeError &e) {
    return fail(error, PARJIT_RUNTIME_ERROR, e.traceback().empty() ? e.what() : e.traceback());
  } catch (const std::exception &e) {
    return fail(error, PARJIT_USAGE_ERROR, e.what());
  }
}

} // namespace

extern "C" {

void parjit_options_init(parjit_options *o) {
  *o = parjit_options{3, 1, 0, 0, nullptr, 1, nullptr};
}

parjit_status parjit_engine_create(const parjit_options *o, parjit_engine **out, char **error) {
  if (!out) return fail(error, PARJIT_USAGE_ERROR, "parjit_engine_create: engine is NULL");
  *out = nullptr;
  return guard(error, [&] {
    Options opts;
    if (o) {
      opts.optLevel = o->opt_level;
      opts.boundsCheck = o->bounds_check != 0;
      opts.fastmath = o->fastmath != 0;
      opts.threads = o->threads;
      opts.threadingLayer = o->threading_layer ? o->threading_layer : "";
      opts.cache = o->cache != 0;
      opts.cacheDir = o->cache_dir ? o->cache_dir : "";
    }
    *out = new parjit_engine{Engine(opts)};
    return PARJIT_OK;
  });
}

void parjit_engine_destroy(parjit_engine *e) { delete e; }

parjit_status parjit_compile(parjit_engine *e, const char *source, const char *name, parjit_module **out,
                             char **error) {
  if (!e || !source || !out) return fail(error, PARJIT_USAGE_ERROR, "parjit_compile: a NULL argument");
  *out = nullptr;
  return guard(error, [&] {
    e->engine.compile(source, name ? name : "<string>"); // a syntax error throws here
    *out = new parjit_module{std::make_shared<detail::ModuleImpl>(e->engine.options(), name ? name : "<string>", source)};
    return PARJIT_OK;
  });
}

void parjit_module_destroy(parjit_module *m) { delete m; }

parjit_status parjit_function_get(parjit_module *m, const char *name, const char *signature, parjit_function **out,
                                  char **error) {
  if (!m || !name || !signature || !out) return fail(error, PARJIT_USAGE_ERROR, "parjit_function_get: a NULL argument");
  *out = nullptr;
  return guard(error, [&] {
    typed::TypeContext T;
    std::string err;
    size_t col = 0;
    auto sig = typed::parseSignature(T, signature, err, col);
    if (!sig) return fail(error, PARJIT_USAGE_ERROR, std::string("bad signature '") + signature + "': " + err);
    auto f = std::make_unique<parjit_function>();
    f->impl = m->impl;
    for (const typed::Type *a : sig->args) {
      parjit_function::ArgKind k;
      if (a->isTuple()) return fail(error, PARJIT_USAGE_ERROR, "the C API takes scalars and arrays as arguments");
      k.array = a->isArray();
      k.dtype = static_cast<int>(a->dtype);
      k.ndim = a->ndim;
      k.contiguous = a->contiguous;
      f->args.push_back(k);
    }
    if (sig->ret && sig->ret->isArray()) {
      if (sig->ret->ndim > 8) return fail(error, PARJIT_USAGE_ERROR, "the C API returns arrays of up to 8 dimensions");
      f->returnsArray = true;
      f->retDtype = static_cast<int>(sig->ret->dtype);
      f->retNdim = sig->ret->ndim;
    }
    if (sig->ret && sig->ret->isTuple())
      for (const typed::Type *e : sig->ret->elts)
        if (!e->isScalar()) return fail(error, PARJIT_USAGE_ERROR, "the C API returns tuples of scalars only");
    f->entry = m->impl->entry(name, signature);
    *out = f.release();
    return PARJIT_OK;
  });
}

void parjit_function_destroy(parjit_function *f) { delete f; }

parjit_status parjit_call(parjit_function *f, void **args, void *ret, char **error) {
  if (!f || (!args && !f->args.empty())) return fail(error, PARJIT_USAGE_ERROR, "parjit_call: a NULL argument");
  return guard(error, [&] {
    // Arrays as compiled code sees them: { meminfo, data, shape[n], strides[n] }.
    std::vector<std::vector<int64_t>> descs;
    std::vector<void *> argv(f->args.size());
    descs.reserve(f->args.size());
    for (size_t i = 0; i < f->args.size(); ++i) {
      const auto &k = f->args[i];
      if (!k.array) {
        argv[i] = args[i];
        continue;
      }
      auto *a = static_cast<const parjit_array *>(args[i]);
      if (!a || !a->shape) return fail(error, PARJIT_USAGE_ERROR, "argument " + std::to_string(i + 1) + " is not an array");
      if (a->dtype != k.dtype || a->ndim != k.ndim)
        return fail(error, PARJIT_USAGE_ERROR,
                    "argument " + std::to_string(i + 1) + " does not have the dtype and rank of the signature");
      int64_t item = k.dtype == PARJIT_BOOL || k.dtype == PARJIT_INT8 || k.dtype == PARJIT_UINT8 ? 1
                     : k.dtype == PARJIT_INT16 || k.dtype == PARJIT_UINT16                       ? 2
                     : k.dtype == PARJIT_INT32 || k.dtype == PARJIT_UINT32 || k.dtype == PARJIT_FLOAT32 ? 4
                                                                                                        : 8;
      std::vector<int64_t> d(2 + 2 * static_cast<size_t>(k.ndim));
      std::memcpy(&d[1], &a->data, sizeof(void *));
      int64_t s = item;
      bool contiguous = true;
      for (int j = k.ndim - 1; j >= 0; --j) {
        int64_t stride = a->strides ? a->strides[j] : s;
        if (a->shape[j] != 1 && stride != s) contiguous = false;
        d[2 + j] = a->shape[j];
        d[2 + k.ndim + j] = stride;
        s *= a->shape[j];
      }
      if (k.contiguous && !contiguous)
        return fail(error, PARJIT_USAGE_ERROR,
                    "argument " + std::to_string(i + 1) + " must be C-contiguous (the signature says [::1])");
      descs.push_back(std::move(d));
      argv[i] = descs.back().data();
    }
    std::vector<int64_t> retDesc(f->returnsArray ? 2 + 2 * static_cast<size_t>(f->retNdim) : 0);
    void *retSlot = f->returnsArray ? static_cast<void *>(retDesc.data()) : ret;
    alignas(16) unsigned char dummy[16];
    if (!retSlot) retSlot = dummy;
    if (f->entry(retSlot, argv.data()) != 0) {
      std::string type, message, tb;
      if (!f->impl->takePending(type, message, tb)) tb = "RuntimeError: compiled code failed without an exception";
      return fail(error, PARJIT_RUNTIME_ERROR, tb);
    }
    if (f->returnsArray) {
      auto *out = static_cast<parjit_result_array *>(ret);
      if (!out) {
        pj_meminfo *m;
        std::memcpy(&m, &retDesc[0], sizeof m);
        pj_decref(m);
        return PARJIT_OK;
      }
      std::memset(out, 0, sizeof *out);
      std::memcpy(&out->owner, &retDesc[0], sizeof(void *));
      std::memcpy(&out->data, &retDesc[1], sizeof(void *));
      out->dtype = f->retDtype;
      out->ndim = f->retNdim;
      for (int j = 0; j < f->retNdim; ++j) {
        out->shape[j] = retDesc[2 + j];
        out->strides[j] = retDesc[2 + f->retNdim + j];
      }
    }
    return PARJIT_OK;
  });
}

void parjit_array_release(parjit_result_array *a) {
  if (!a) return;
  pj_decref(static_cast<pj_meminfo *>(a->owner));
  a->owner = nullptr;
}

void parjit_free(void *p) { std::free(p); }

} // extern "C"
