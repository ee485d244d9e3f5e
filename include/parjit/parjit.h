/* parjit's C embedding API, for hosts in other languages: compile numeric
   Python at run time and call its functions on the host's memory.

     parjit_engine *e;  parjit_module *m;  parjit_function *f;  char *err;
     parjit_engine_create(NULL, &e, &err);
     parjit_compile(e, source, "kernels.py", &m, &err);
     parjit_function_get(m, "norm", "float64(float64[:])", &f, &err);
     double x[2] = {3, 4}, r;
     int64_t n = 2;
     parjit_array a = parjit_array_1d(x, PARJIT_FLOAT64, &n);
     void *args[] = {&a};
     if (parjit_call(f, args, &r, &err) != PARJIT_OK) { puts(err); parjit_free(err); }

   Every function returns PARJIT_OK or an error status; on error *error (when
   error is not NULL) receives a message the caller frees with parjit_free.
   Signatures are Numba's: "float64(float64[:], int64)"; float64[:] accepts
   any strides, float64[::1] only C-contiguous arrays. */
#ifndef PARJIT_H
#define PARJIT_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  PARJIT_OK = 0,
  PARJIT_COMPILE_ERROR = 1, /* the source or the signature does not compile */
  PARJIT_RUNTIME_ERROR = 2, /* a Python exception (IndexError, ...) escaped */
  PARJIT_USAGE_ERROR = 3    /* a bad argument to this API */
} parjit_status;

/* Element types, as in NumPy. */
typedef enum {
  PARJIT_BOOL = 0, PARJIT_INT8, PARJIT_INT16, PARJIT_INT32, PARJIT_INT64,
  PARJIT_UINT8, PARJIT_UINT16, PARJIT_UINT32, PARJIT_UINT64, PARJIT_FLOAT32, PARJIT_FLOAT64
} parjit_dtype;

typedef struct {
  int opt_level;               /* 0..3 (default 3) */
  int bounds_check;            /* default 1 */
  int fastmath;                /* default 0 */
  int threads;                 /* 0: PARJIT_NUM_THREADS, else every CPU */
  const char *threading_layer; /* "tbb", "omp", or NULL */
  int cache;                   /* keep compiled code on disk (default 1) */
  const char *cache_dir;       /* NULL: the default directory */
} parjit_options;

/* An array the host owns: data, element type, rank, shape, and strides in
   bytes (NULL: C-contiguous). */
typedef struct {
  void *data;
  int32_t dtype;
  int32_t ndim;
  const int64_t *shape;
  const int64_t *strides;
} parjit_array;

/* An array a compiled function returned: the host owns one reference to its
   memory and releases it with parjit_array_release. */
typedef struct {
  void *owner;
  void *data;
  int32_t dtype;
  int32_t ndim;
  int64_t shape[8];
  int64_t strides[8]; /* bytes */
} parjit_result_array;

typedef struct parjit_engine parjit_engine;
typedef struct parjit_module parjit_module;
typedef struct parjit_function parjit_function;

void parjit_options_init(parjit_options *options);
/* options may be NULL (the defaults). */
parjit_status parjit_engine_create(const parjit_options *options, parjit_engine **engine, char **error);
void parjit_engine_destroy(parjit_engine *engine);

/* Parses the source; functions are compiled when fetched. name is what
   diagnostics and tracebacks call the source ("kernels.py"). */
parjit_status parjit_compile(parjit_engine *engine, const char *source, const char *name, parjit_module **module,
                             char **error);
void parjit_module_destroy(parjit_module *module);

/* The function `name` compiled for `signature`. The module must outlive it. */
parjit_status parjit_function_get(parjit_module *module, const char *name, const char *signature,
                                  parjit_function **function, char **error);
void parjit_function_destroy(parjit_function *function);

/* Calls a function. args[i] points to the i-th argument: a scalar of the
   signature's type (bool as one byte), or a parjit_array. ret points to
   where the result goes: a scalar, a parjit_result_array for an array, or,
   for a tuple, a C struct of its elements in order; NULL for void. */
parjit_status parjit_call(parjit_function *function, void **args, void *ret, char **error);

void parjit_array_release(parjit_result_array *array);
void parjit_free(void *p);

/* A parjit_array over a C-contiguous 1-D buffer. */
static inline parjit_array parjit_array_1d(void *data, parjit_dtype dtype, const int64_t *n) {
  parjit_array a;
  a.data = data;
  a.dtype = (int32_t)dtype;
  a.ndim = 1;
  a.shape = n;
  a.strides = 0;
  return a;
}

#ifdef __cplusplus
}
#endif
#endif
